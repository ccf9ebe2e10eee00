import { describe, expect, it } from 'vitest';
import { saveKey, useHostedStudios } from './support/studio-fixture';
import { jobWhenEnded } from './support/studio-jobs';

/**
 * The money rule at the level of the whole studio: a paid answer whose image link points at a
 * private address is refused without any connection, the generation is not sent again, the job and
 * the library keep the link for Download again, and Download again is refused the same way with no
 * POST. The fake API runs on 127.0.0.1; the links it hands out name addresses nothing connects to.
 */

const studios = useHostedStudios();

describe('a paid image whose link points at a private address', () => {
  for (const filesOrigin of ['https://169.254.169.254', 'https://10.0.0.1', 'http://192.168.1.1', 'https://[fd00::1]']) {
    it(`${filesOrigin}: refused, one POST, the link kept; Download again refused with no POST`, async () => {
      const fake = await studios.startFakeApi({ filesOrigin });
      const h = await saveKey(await studios.host({ apiBaseUrl: fake.baseUrl }));

      const queued = await h.studio.handlers['generate:enqueue']({
        model: 'reve/create-image',
        sources: [],
        prompt: 'a lighthouse',
        aspectRatios: ['1:1'],
        count: 1,
        delivery: 'url',
        outputFormat: null,
      });
      if (!queued.ok) throw new Error(JSON.stringify(queued.error));
      const jobId = queued.value[0]!.id;
      const failed = await jobWhenEnded(h, jobId);
      expect(failed).toMatchObject({ state: 'failed', mayHaveBeenCharged: true, error: { code: 'download-failed' } });
      expect(failed.error?.detail).toMatch(/not a public address|only https:\/\/ links/);
      expect(failed.sourceUrl?.startsWith(`${new URL(filesOrigin).origin}/files/`)).toBe(true);
      expect(fake.requests).toHaveLength(1);
      expect(fake.downloads).toHaveLength(0);

      // The library lists the paid generation with its link, so it is never lost from view.
      const item = await h.studio.handlers['library:get']({ id: failed.itemId! });
      expect(item.ok && item.value).toMatchObject({ status: 'download-failed', sourceUrl: failed.sourceUrl });

      const again = await h.studio.handlers['queue:download-again']({ jobId });
      expect(again.ok).toBe(true);
      const failedAgain = await jobWhenEnded(h, jobId);
      expect(failedAgain).toMatchObject({ state: 'failed', sourceUrl: failed.sourceUrl, error: { code: 'download-failed' } });
      expect(fake.requests).toHaveLength(1);
      expect(fake.downloads).toHaveLength(0);
    });
  }
});
