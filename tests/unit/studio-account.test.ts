import { describe, expect, it } from 'vitest';
import type { AccountBalance, ModelPrices } from '../../electron/shared/domain';
import { saveKey, UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';

// The account's IPC handlers in a hosted studio (real services, the fake API over HTTP): they answer
// at once with what is known and read in the background; the balance survives a restart offline.
const studios = useHostedStudios({ fakeApi: true });

const balanceEvents = (events: Array<{ event: string; payload: unknown }>) =>
  events.filter((each) => each.event === 'account:balance-changed').map((each) => each.payload as AccountBalance);

describe('studio: balance and prices', () => {
  it('account:balance answers at once, then tells the window the figure; offline after a restart it shows the last one', async () => {
    studios.fake.setBalance(4.2);
    const h = await saveKey(await studios.host());
    expect(await h.studio.handlers['account:balance'](undefined)).toEqual({ ok: true, value: { usd: null, readAt: null } });
    await expect.poll(() => balanceEvents(h.events).at(-1)?.usd).toBe(4.2);
    const { readAt } = balanceEvents(h.events).at(-1)!;
    expect(readAt).toEqual(expect.any(Number));
    // Within the minute: the known figure, no new read.
    expect(await h.studio.handlers['account:balance'](undefined)).toEqual({ ok: true, value: { usd: 4.2, readAt } });
    expect(studios.fake.billingChecks).toHaveLength(1);

    const offline = await studios.restart(h, { apiBaseUrl: UNREACHABLE_API });
    expect(await offline.studio.handlers['account:balance'](undefined)).toEqual({ ok: true, value: { usd: 4.2, readAt } });
  });

  it('pricing:get gives the docs’ figures until the live list arrives, then the live ones', async () => {
    studios.fake.setPrice('reve/remix-edit-image', 0.2);
    const h = await studios.host();
    await expect
      .poll(async () => {
        const prices = await h.studio.handlers['pricing:get'](undefined);
        return prices.ok ? (prices.value as ModelPrices) : null;
      })
      .toMatchObject({ source: 'live', creditsPerImage: { 'reve/remix-edit-image': 400_000, 'reve/edit-image': 210_000 } });
    expect(studios.fake.modelsRequests.every((request) => request.authorization === null)).toBe(true);
  });
});
