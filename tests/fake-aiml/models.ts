import type { IncomingMessage, ServerResponse } from 'node:http';
import { MODEL_IDS, type ModelId } from '../../electron/shared/domain';
import { sendEnvelope, sendJson } from './envelope';

/**
 * `GET /v1/models?id=<model>&include=pricing`, the current prices, which the docs say need no key
 * (reference/aiml-reve-api.md: "read `price` together with `per`"). The docs show no example
 * answer. The shape here is our choice, taken from a public client of this endpoint (oh-my-pi's
 * AI/ML API model discovery test: `{data: [{id, type, pricing: {units: [{name, content, origin,
 * price, per}]}}]}`, price in USD per `per` units); the app's reader tolerates other shapes by
 * falling back to the docs' figures. An image model is priced per image here: `per: 1`.
 */
export const MODELS_PATH = '/v1/models';

/** 'ok' as above; 'not-found' a 404 envelope; 'odd-shape' a list without any pricing. */
export const MODELS_SCENARIOS = ['ok', 'not-found', 'odd-shape'] as const;
export type ModelsScenario = (typeof MODELS_SCENARIOS)[number];

export interface ModelsState {
  /** USD per image by model. */
  usdPerImage: Record<ModelId, number>;
  scenario: ModelsScenario;
}

export interface RecordedModelsRequest {
  query: string;
  authorization: string | null;
}

/** The docs' examples: 126,000 credits for create, 210,000 for edit and remix; 2,000,000 credits per USD. */
export const DEFAULT_USD_PER_IMAGE: Readonly<Record<ModelId, number>> = {
  'reve/create-image': 0.063,
  'reve/edit-image': 0.105,
  'reve/remix-edit-image': 0.105,
};

const isModelId = (id: string): id is ModelId => (MODEL_IDS as readonly string[]).includes(id);

export function answerModels(req: IncomingMessage, res: ServerResponse, url: URL, state: ModelsState, seen: RecordedModelsRequest[]): void {
  req.resume();
  seen.push({ query: url.search, authorization: req.headers.authorization ?? null });
  if (state.scenario === 'not-found') return sendEnvelope(res, 404, MODELS_PATH, `Cannot GET ${MODELS_PATH}`);
  const id = url.searchParams.get('id');
  const ids = id === null ? [...MODEL_IDS] : isModelId(id) ? [id] : [];
  const withPricing = (url.searchParams.get('include') ?? '').split(',').includes('pricing') && state.scenario === 'ok';
  sendJson(res, 200, {
    data: ids.map((model) => ({
      id: model,
      type: 'openai/image-generations',
      ...(withPricing ? { pricing: { units: [{ name: 'image', content: 'image', origin: 'generated', price: state.usdPerImage[model], per: 1 }] } } : {}),
    })),
  });
}
