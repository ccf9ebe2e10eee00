import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { databasePath } from '../../electron/main/services/studio/session';
import { withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';
import { CHANNEL_NAMES, type Handlers } from '../../electron/shared/contract';
import { LibraryItem, LibraryPageInput } from '../../electron/shared/domain';
import type { Result } from '../../electron/shared/errors';
import { startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { mutate } from './support/fuzz-mutations';
import { addUp, emptyTally, isClearError, problemsWithParsedInput, type ChannelTally } from './support/fuzz-oracle';
import { fuzzSeed, nastyValues, randomValue, seededRandom, type Random } from './support/fuzz-values';
import { channelSamples, type SampleIds } from './support/ipc-samples';
import { makeImage } from './support/library-fixtures';
import { hostStudio, type HostedStudio } from './support/studio-host';

/**
 * Hostile payloads on every channel of the contract, through the real validating dispatcher, into a
 * whole studio (real SQLite, real files, sharp, the fake API over loopback; dialogs answer
 * "cancelled"). Each payload goes through a structured clone first, as Electron's IPC does; one too
 * deep to clone is sent as is (only an in-process caller could). The figure: sent / refused with a
 * clear error / accepted, with 0 internal errors and 0 crashes, and the studio, its database and
 * Object.prototype unharmed afterwards. REVERIE_FUZZ_SEED=<seed> repeats a run.
 */

const MUTATIONS_PER_SAMPLE = 24;
const RANDOM_PER_CHANNEL = 8;
const HOSTILE_CHANNEL_NAMES = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'library:list\u0000',
  ' library:list',
  'LIBRARY:LIST',
  '../library:list',
  'library:list/../key:save',
];

let fake: FakeAiml;
let h: HostedStudio;

beforeAll(async () => {
  fake = await startFakeAiml();
  h = await hostStudio({ apiBaseUrl: fake.baseUrl });
});
afterAll(async () => {
  await h.dispose();
  await fake.close();
});

const value = <T>(reply: Result<T>): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
};

/** Real things for the samples to point at: items, a collection, a saved prompt, a job. */
async function seed(): Promise<SampleIds> {
  const files = await Promise.all(
    ['a red kite over the dunes', 'kite dunes at dusk', 'harbour in fog'].map(async (prompt, index) => ({
      name: `seed-${index}.png`,
      bytes: withPngText(await makeImage('png', 48 + index, 32, index), [{ keyword: 'prompt', text: prompt }]),
    })),
  );
  const items = value(await h.studio.handlers['library:import']({ files })).imported;
  const collection = value(await h.studio.handlers['collections:create']({ name: 'Seed' }));
  const template = value(await h.studio.handlers['templates:save']({ name: 'Seed', text: 'a {thing} at dawn' }));
  // Not the fake API's key: jobs go out and come back unauthorized, with no image and no charge.
  value(await h.studio.handlers['key:save']({ key: 'sk-fuzz-not-the-real-key', sessionOnly: true }));
  const [job] = value(
    await h.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt: 'seed job',
      aspectRatios: ['1:1'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
    }),
  );
  return {
    itemId: items[0]!.id,
    otherItemId: items[1]!.id,
    jobId: job!.id,
    templateId: template.id,
    collectionId: collection.id,
    png: await makeImage('png', 40, 40, 99),
  };
}

interface Payload {
  channel: string;
  label: string;
  value: unknown;
}

function payloads(random: Random, ids: SampleIds): Payload[] {
  const samples = channelSamples(ids);
  const nasty = nastyValues();
  const list: Payload[] = [];
  for (const channel of CHANNEL_NAMES) {
    for (const [label, entry] of nasty) list.push({ channel, label, value: entry });
    for (const sample of samples[channel] as unknown[]) {
      list.push({ channel, label: 'valid sample', value: sample });
      for (let i = 0; i < MUTATIONS_PER_SAMPLE; i++) list.push({ channel, ...mutate(random, sample) });
    }
    for (let i = 0; i < RANDOM_PER_CHANNEL; i++) list.push({ channel, label: 'random value', value: randomValue(random) });
  }
  for (const channel of HOSTILE_CHANNEL_NAMES) list.push({ channel, label: 'unknown channel', value: {} });
  // Interleaved, so state changes (trash, key removed, settings) meet every other channel.
  for (let i = list.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

describe('IPC fuzz: every channel, hostile payloads, a real studio', () => {
  it('refuses or accepts every payload cleanly: 0 internal errors, 0 crashes, nothing harmed', { timeout: 900_000 }, async () => {
    const seedValue = fuzzSeed();
    console.log(`[ipc-fuzz] seed ${seedValue} (REVERIE_FUZZ_SEED=${seedValue} repeats this run)`);
    const random = seededRandom(seedValue);
    const ids = await seed();
    const prototypeKeys = [Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort());

    const bugs: string[] = [];
    const badInputs: string[] = [];
    const reachedHandler = new Map<string, number>();
    const oracle = Object.fromEntries(
      CHANNEL_NAMES.map((channel) => [
        channel,
        (input: never) => {
          reachedHandler.set(channel, (reachedHandler.get(channel) ?? 0) + 1);
          for (const problem of problemsWithParsedInput(channel, input)) badInputs.push(problem);
          return (h.studio.handlers[channel] as (input: never) => unknown)(input);
        },
      ]),
    ) as unknown as Handlers;
    const dispatch = createDispatcher(oracle, (channel, error) => bugs.push(`${channel}: ${String(error)}`));

    const tallies = new Map<string, ChannelTally>();
    const failures: string[] = [];
    let notClonable = 0;
    for (const payload of payloads(random, ids)) {
      const tally = tallies.get(payload.channel) ?? emptyTally();
      tallies.set(payload.channel, tally);
      tally.sent++;
      let wire: unknown;
      try {
        wire = structuredClone(payload.value);
      } catch {
        wire = payload.value;
        notClonable++;
      }
      const reachedBefore = reachedHandler.get(payload.channel) ?? 0;
      try {
        const reply = await dispatch(payload.channel, wire);
        structuredClone(reply); // the reply must cross IPC back, too
        if (reply.ok) tally.accepted++;
        else if (reply.error.code === 'internal') {
          tally.internal++;
          failures.push(`internal: ${payload.channel} ${payload.label}`);
        } else if (!isClearError(reply)) {
          failures.push(`unclear error: ${payload.channel} ${payload.label}: ${JSON.stringify(reply.error).slice(0, 200)}`);
        } else if ((reachedHandler.get(payload.channel) ?? 0) > reachedBefore) tally.refusedByHandler++;
        else tally.refusedAtBoundary++;
      } catch (error) {
        tally.crashed++;
        failures.push(`crash: ${payload.channel} ${payload.label}: ${String(error)}`);
      }
    }

    const total = addUp(tallies.values());
    for (const [channel, tally] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
      // Hostile channel names carry NUL and other control characters: print them escaped, so the
      // log stays text (CI reads its closing line with grep, which gives up on binary files).
      const printable = JSON.stringify(channel).slice(1, -1);
      console.log(
        `[ipc-fuzz] ${printable.padEnd(26)} sent ${tally.sent}, refused ${tally.refusedAtBoundary} at the boundary + ${tally.refusedByHandler} by the handler, accepted ${tally.accepted}`,
      );
    }
    console.log(
      `[ipc-fuzz] ${CHANNEL_NAMES.length} channels: ${total.sent} payloads sent / ${total.refusedAtBoundary + total.refusedByHandler} refused with a clear error ` +
        `(${total.refusedAtBoundary} invalid-input at the boundary, ${total.refusedByHandler} by the handler) / ${total.accepted} accepted; ` +
        `${total.internal} internal errors, ${total.crashed} crashes, ${notClonable} too deep for a structured clone (sent in-process)`,
    );

    expect(failures).toEqual([]);
    expect(bugs).toEqual([]);
    expect(badInputs).toEqual([]);
    expect(total.sent).toBe(total.refusedAtBoundary + total.refusedByHandler + total.accepted);
    // Every channel's valid input got through to its handler at least once: the fuzz reached them all.
    expect(CHANNEL_NAMES.filter((channel) => !reachedHandler.has(channel))).toEqual([]);

    // No prototype pollution.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort())).toEqual(prototypeKeys);

    // The studio still answers normal calls, and what the accepted payloads left is a valid library.
    expect((await dispatch('key:status', undefined)).ok).toBe(true);
    expect((await dispatch('settings:get', undefined)).ok).toBe(true);
    let listed = 0;
    for (const view of ['library', 'trash'] as const) {
      const page = value(await h.studio.handlers['library:list'](LibraryPageInput.parse({ query: { view }, limit: 500 })));
      for (const item of page.items) expect(LibraryItem.safeParse(item).success).toBe(true);
      listed += page.total ?? Number.NaN;
    }
    const root = value(await h.studio.handlers['library:location'](undefined)).path;

    // The database is intact, full-text indexes included, and the studio opens again on it.
    await h.studio.close();
    const db = new DatabaseSync(databasePath(root));
    try {
      expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      for (const table of ['generations_fts', 'prompt_history_fts']) {
        expect(() => db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`), table).not.toThrow();
      }
    } finally {
      db.close();
    }
    h = await h.restart();
    let relisted = 0;
    for (const view of ['library', 'trash'] as const) {
      relisted += value(await h.studio.handlers['library:list'](LibraryPageInput.parse({ query: { view }, limit: 1 }))).total ?? Number.NaN;
    }
    expect(relisted).toBe(listed);
    console.log(`[ipc-fuzz] afterwards: ${listed} items listed before and after a restart, integrity_check ok, Object.prototype untouched`);
  });
});
