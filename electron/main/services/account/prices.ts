import { z } from 'zod';
import { CREDITS_PER_USD, DOC_CREDITS_PER_IMAGE, MODEL_IDS, type ModelId, type ModelPrices } from '../../../shared/domain';
import { readCappedBody } from '../api/capped-body';
import { runWithDeadline } from '../api/deadline';
import { ApiBaseUrl } from '../../../shared/domain';

/**
 * What one image of each model costs now, from `GET {baseUrl}/models?id=<model>&include=pricing`,
 * which the docs say needs no key (reference/aiml-reve-api.md: "read `price` together with `per`").
 * The docs show no answer; the shape read here is the one a public client of this endpoint reads
 * (`{data: [{id, pricing: {units: [{name, price, per}]}}]}`, price in USD per `per` units; see
 * tests/fake-aiml/models.ts). Any other shape, or no answer, falls back to the docs' figures
 * (DOC_CREDITS_PER_IMAGE), model by model. No key is sent: the price list is public.
 */
export interface PriceService {
  /** The prices as known now (the docs' until a live read succeeded). */
  current(): ModelPrices;
  /** The page asked: the prices now, and a read in the background when the last is older than an hour. */
  ask(): ModelPrices;
  /** Reads unless a read ran within the hour (or is running); resolves when it ends. */
  refresh(): Promise<ModelPrices>;
  creditsPerImage(model: ModelId): number;
}

export interface PriceServiceDeps {
  baseUrl: () => string;
  now: () => number;
  fetch?: typeof fetch;
  /** Default one hour. */
  minIntervalMs?: number;
  timeoutMs?: number;
}

export const PRICES_MIN_INTERVAL_MS = 60 * 60_000;
const BODY_LIMIT = 256 * 1024;

const Unit = z.looseObject({ name: z.string().optional(), price: z.number().nonnegative(), per: z.number().positive().optional() });
const Entry = z.looseObject({ id: z.string(), pricing: z.looseObject({ units: z.array(z.unknown()) }) });
const Listing = z.looseObject({ data: z.array(z.unknown()) });

/**
 * Credits per image for `model` in a price list, or null when it cannot be read as one price per
 * image: the unit named `image` (or the only unit), USD per `per` (default 1) images.
 */
export function creditsFromListing(body: unknown, model: ModelId): number | null {
  const listing = Listing.safeParse(body);
  if (!listing.success) return null;
  for (const raw of listing.data.data) {
    const entry = Entry.safeParse(raw);
    if (!entry.success || entry.data.id !== model) continue;
    const units = entry.data.pricing.units.flatMap((unit) => {
      const parsed = Unit.safeParse(unit);
      return parsed.success ? [parsed.data] : [];
    });
    const unit = units.find((each) => each.name === 'image') ?? (units.length === 1 ? units[0] : undefined);
    if (!unit) return null;
    const credits = Math.round((unit.price / (unit.per ?? 1)) * CREDITS_PER_USD);
    return Number.isFinite(credits) && credits > 0 ? credits : null;
  }
  return null;
}

const docsPrices = (): ModelPrices => ({ creditsPerImage: { ...DOC_CREDITS_PER_IMAGE }, source: 'docs', readAt: null });

export function createPriceService(deps: PriceServiceDeps): PriceService {
  const fetchImpl = deps.fetch ?? fetch;
  const minInterval = deps.minIntervalMs ?? PRICES_MIN_INTERVAL_MS;
  let prices = docsPrices();
  let lastAttemptAt: number | null = null;
  let running: Promise<ModelPrices> | null = null;

  async function readOne(model: ModelId): Promise<number | null> {
    const base = ApiBaseUrl.safeParse(deps.baseUrl());
    if (!base.success) return null;
    const url = new URL(`${base.data}/models`);
    url.searchParams.set('id', model);
    url.searchParams.set('include', 'pricing');
    const answered = await runWithDeadline(deps.timeoutMs ?? 15_000, undefined, async (signal) => {
      const response = await fetchImpl(url, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual', signal });
      const body = await readCappedBody(response.body, BODY_LIMIT);
      return { status: response.status, text: body.ok ? new TextDecoder().decode(body.bytes) : '' };
    });
    if (answered.outcome !== 'done' || answered.value.status !== 200) return null;
    try {
      return creditsFromListing(JSON.parse(answered.value.text), model);
    } catch {
      return null;
    }
  }

  async function attempt(): Promise<ModelPrices> {
    const read = await Promise.all(MODEL_IDS.map(async (model) => [model, await readOne(model).catch(() => null)] as const));
    const live = read.filter(([, credits]) => credits !== null);
    // Nothing live: what was known stays (an earlier live read, or the docs').
    if (live.length === 0) return prices;
    const creditsPerImage = { ...DOC_CREDITS_PER_IMAGE };
    for (const [model, credits] of read) creditsPerImage[model] = credits ?? prices.creditsPerImage[model];
    prices = { creditsPerImage, source: 'live', readAt: deps.now() };
    return prices;
  }

  function refresh(): Promise<ModelPrices> {
    if (running) return running;
    const now = deps.now();
    if (lastAttemptAt !== null && now - lastAttemptAt < minInterval) return Promise.resolve(prices);
    lastAttemptAt = now;
    running = attempt().finally(() => (running = null));
    return running;
  }

  return {
    current: () => prices,
    ask() {
      void refresh();
      return prices;
    },
    refresh,
    creditsPerImage: (model) => prices.creditsPerImage[model],
  };
}
