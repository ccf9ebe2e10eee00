import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountBalance } from '../../electron/shared/domain';
import { DOC_CREDITS_PER_IMAGE } from '../../electron/shared/domain';
import { BALANCE_FILE_NAME, createAccount } from '../../electron/main/services/account/account';
import { createBalanceService } from '../../electron/main/services/account/balance';
import { createBalanceFile } from '../../electron/main/services/account/balance-file';
import { creditsFromListing } from '../../electron/main/services/account/prices';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { closedPortUrl } from './support/queue-faults';

// The balance (GET /v2/billing) and the prices (GET /v1/models?include=pricing) against the fake
// API over HTTP, with an injected clock and a real file in a temp data folder.

let fake: FakeAiml;
let dataDir: string;
let clock: number;
let baseUrl: string;
let events: AccountBalance[];

beforeAll(async () => {
  fake = await startFakeAiml();
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.reset();
  dataDir = await mkdtemp(join(tmpdir(), 'reverie-account-'));
  clock = 1_760_000_000_000;
  baseUrl = fake.baseUrl;
  events = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const open = (apiKey: string | null = FAKE_VALID_KEY) =>
  createAccount({
    dataDir,
    baseUrl: () => baseUrl,
    apiKey: async () => apiKey,
    emit: (event, payload) => {
      if (event === 'account:balance-changed') events.push(payload as AccountBalance);
    },
    now: () => clock,
  });

describe('balance', () => {
  it('reads current_balance in USD, tells the page, and keeps it with the time it was read', async () => {
    fake.setBalance(7.25);
    const { balance } = open();
    expect(await balance.refresh()).toEqual({ usd: 7.25, readAt: clock });
    expect(events).toEqual([{ usd: 7.25, readAt: clock }]);
    expect(fake.billingChecks).toEqual([{ authorization: `Bearer ${FAKE_VALID_KEY}`, status: 200 }]);
    expect(JSON.parse(await readFile(join(dataDir, BALANCE_FILE_NAME), 'utf8'))).toEqual({ usd: 7.25, readAt: clock });
  });

  it('reads at most once a minute, whatever asks', async () => {
    const { balance } = open();
    await balance.refresh();
    fake.setBalance(3);
    clock += 59_999;
    expect(await balance.refresh()).toMatchObject({ usd: 12.5 });
    expect(balance.ask()).toMatchObject({ usd: 12.5 });
    expect(fake.billingChecks).toHaveLength(1);
    clock += 1;
    expect(await balance.refresh()).toEqual({ usd: 3, readAt: clock });
    expect(fake.billingChecks).toHaveLength(2);
  });

  it('ask() answers at once and reads in the background only when the figure is a minute old', async () => {
    const { balance } = open();
    await balance.ready;
    expect(balance.ask()).toEqual({ usd: null, readAt: null });
    await expect.poll(() => events.length).toBe(1);
    clock += 30_000;
    balance.ask();
    expect(fake.billingChecks).toHaveLength(1);
  });

  it.each([
    ['not-found', 404],
    ['odd-shape', 200],
  ] as const)('a %s answer hides the balance quietly', async (scenario, status) => {
    const { balance } = open();
    await balance.refresh();
    fake.setBillingScenario(scenario);
    clock += 60_000;
    expect(await balance.refresh()).toEqual({ usd: null, readAt: null });
    expect(fake.billingChecks.at(-1)?.status).toBe(status);
    expect(events.at(-1)).toEqual({ usd: null, readAt: null });
  });

  it('offline keeps the last figure and when it was read, also after a restart', async () => {
    const first = open();
    await first.balance.refresh();
    const readAt = clock;
    baseUrl = await closedPortUrl();
    clock += 120_000;
    expect(await first.balance.refresh()).toEqual({ usd: 12.5, readAt });

    const second = open();
    await second.balance.ready;
    expect(second.balance.current()).toEqual({ usd: 12.5, readAt });
    expect(await second.balance.refresh()).toEqual({ usd: 12.5, readAt });
  });

  it('a read asked for without a key does not hold back the first read once there is one', async () => {
    let key: string | null = null;
    const { balance } = createAccount({
      dataDir,
      baseUrl: () => baseUrl,
      apiKey: async () => key,
      emit: () => undefined,
      now: () => clock,
    });
    expect(await balance.refresh()).toEqual({ usd: null, readAt: null });
    key = FAKE_VALID_KEY;
    clock += 1_000;
    expect(await balance.refresh()).toEqual({ usd: 12.5, readAt: clock });
    expect(fake.billingChecks).toHaveLength(1);
  });

  it('an unreadable file is "never read"; no key means no read', async () => {
    await writeFile(join(dataDir, BALANCE_FILE_NAME), '{"usd": "lots"}');
    const { balance } = open(null);
    await balance.ready;
    expect(balance.current()).toEqual({ usd: null, readAt: null });
    expect(await balance.refresh()).toEqual({ usd: null, readAt: null });
    expect(fake.billingChecks).toHaveLength(0);
  });
});

describe('prices', () => {
  it('reads each model’s live price without the key, in credits per image', async () => {
    fake.setPrice('reve/edit-image', 0.12);
    const { prices } = open();
    expect(prices.current().source).toBe('docs');
    const live = await prices.refresh();
    expect(live).toEqual({
      creditsPerImage: { 'reve/create-image': 126_000, 'reve/edit-image': 240_000, 'reve/remix-edit-image': 210_000 },
      source: 'live',
      readAt: clock,
    });
    expect(prices.creditsPerImage('reve/edit-image')).toBe(240_000);
    expect(fake.modelsRequests).toHaveLength(3);
    for (const request of fake.modelsRequests) {
      expect(request.authorization).toBeNull();
      expect(new URLSearchParams(request.query).get('include')).toBe('pricing');
    }
  });

  it('refreshes at most hourly', async () => {
    const { prices } = open();
    await prices.refresh();
    clock += 59 * 60_000;
    await prices.refresh();
    expect(fake.modelsRequests).toHaveLength(3);
    clock += 60_000;
    await prices.refresh();
    expect(fake.modelsRequests).toHaveLength(6);
  });

  it.each(['not-found', 'odd-shape'] as const)('falls back to the docs’ figures on a %s answer', async (scenario) => {
    fake.setModelsScenario(scenario);
    const { prices } = open();
    expect(await prices.refresh()).toEqual({ creditsPerImage: { ...DOC_CREDITS_PER_IMAGE }, source: 'docs', readAt: null });
  });

  it('falls back to the docs’ figures when the API cannot be reached', async () => {
    baseUrl = await closedPortUrl();
    const { prices } = open();
    expect((await prices.refresh()).source).toBe('docs');
  });

  it('reads other shapes as "no price" rather than guessing', () => {
    expect(creditsFromListing({ data: [{ id: 'reve/create-image', pricing: { units: [{ name: 'image', price: 0.063 }] } }] }, 'reve/create-image')).toBe(
      126_000,
    );
    expect(
      creditsFromListing({ data: [{ id: 'reve/create-image', pricing: { units: [{ name: 'image', price: 63, per: 1000 }] } }] }, 'reve/create-image'),
    ).toBe(126_000);
    expect(creditsFromListing({ data: [{ id: 'reve/create-image', pricing: 0.063 }] }, 'reve/create-image')).toBeNull();
    expect(
      creditsFromListing(
        {
          data: [
            {
              id: 'reve/create-image',
              pricing: {
                units: [
                  { name: 'token', price: 1 },
                  { name: 'x', price: 2 },
                ],
              },
            },
          ],
        },
        'reve/create-image',
      ),
    ).toBeNull();
    expect(creditsFromListing({ data: [{ id: 'other', pricing: { units: [{ name: 'image', price: 1 }] } }] }, 'reve/create-image')).toBeNull();
    expect(creditsFromListing([], 'reve/create-image')).toBeNull();
  });
});

describe('balance after a batch', () => {
  it('reads at once when no read ran in the last minute, else once the minute is over (one read, not two)', async () => {
    const scheduled: Array<{ ms: number; run: () => void }> = [];
    const balance = createBalanceService({
      baseUrl: () => baseUrl,
      apiKey: async () => FAKE_VALID_KEY,
      emit: (event, payload) => {
        if (event === 'account:balance-changed') events.push(payload as AccountBalance);
      },
      now: () => clock,
      file: createBalanceFile(join(dataDir, BALANCE_FILE_NAME)),
      later: (ms, run) => {
        scheduled.push({ ms, run });
        return () => undefined;
      },
    });
    balance.changed();
    await expect.poll(() => events.length).toBe(1);
    // Let that read end (its figure is saved after the event): refresh() hands back a read still out and, within the minute, reads nothing.
    await balance.refresh();
    expect(scheduled).toEqual([]);

    fake.setBalance(11);
    clock += 20_000;
    balance.changed();
    balance.changed();
    expect(scheduled.map((each) => each.ms)).toEqual([40_000]);
    expect(fake.billingChecks).toHaveLength(1);
    clock += 40_000;
    scheduled[0]!.run();
    await expect.poll(() => events.at(-1)).toEqual({ usd: 11, readAt: clock });
    expect(fake.billingChecks).toHaveLength(2);
  });
});

describe('the fake API’s billing control (for e2e tests)', () => {
  it('POST /__fake/billing sets the balance and the scenario; a bad command is a 400', async () => {
    const post = (body: unknown) =>
      fetch(`${fake.origin}/__fake/billing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ balanceUsd: 0.05 })).status).toBe(200);
    expect(await open().balance.refresh()).toMatchObject({ usd: 0.05 });
    expect((await post({ scenario: 'sideways' })).status).toBe(400);
    expect((await post({ scenario: 'not-found' })).status).toBe(200);
    clock += 60_000;
    expect(await open().balance.refresh()).toEqual({ usd: null, readAt: null });
  });
});
