import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { answerBilling, BILLING_PATH, type BillingScenario, type BillingState, type RecordedBillingCheck } from './billing';
import { answerModels, DEFAULT_USD_PER_IMAGE, MODELS_PATH, type ModelsScenario, type ModelsState, type RecordedModelsRequest } from './models';
import type { ModelId } from '../../electron/shared/domain';
import { CONTROL_PATHS, parseBillingCommand, parseScenarioCommand } from './control';
import { sendEnvelope, sendJson } from './envelope';
import { FileStore, serveFile, type RecordedDownload } from './files';
import { answerGeneration, MESSAGES, type GenerationContext } from './generation';
import { createScenarioSchedule, type ScenarioName, type ScenarioOptions } from './scenarios';
import { checkGenerationBody } from './validation';

export { SCENARIO_NAMES, type ScenarioName, type ScenarioOptions } from './scenarios';
export type { RecordedDownload } from './files';
export type { RecordedBillingCheck, BillingScenario } from './billing';
export type { RecordedModelsRequest, ModelsScenario } from './models';

export const FAKE_VALID_KEY = 'reverie-test-key-0001';

const GENERATIONS_PATH = '/v1/images/generations';
const FILES_PREFIX = '/files/';
const DEFAULT_OVERSIZED_BYTES = 64 * 1024 * 1024;
const DEFAULT_SLOW_MS = 2000;

export interface FakeAimlOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  validKeys?: string[];
  /** Body size of 'download-oversized' files; default 64 MiB. */
  oversizedBytes?: number;
  /** Delay of the 'slow' scenario; default 2000 ms. */
  slowMs?: number;
  /**
   * Origin that generated file URLs point to; default the fake's own. Pointing it elsewhere lets a
   * test check that the client refuses to download from an origin it was not configured with.
   */
  filesOrigin?: string;
  /** What `GET /v2/billing` reports for a valid key; default 12.5 (USD). */
  balanceUsd?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  /** The parsed JSON body, or null when the body was not JSON. */
  body: unknown;
  /** The `X-Client-Request-Id` header as it arrived (null when absent), valid or not. */
  clientRequestId: string | null;
  /** The `x-inference-id` the fake answered with. */
  inferenceId: string;
  /** The scenario that shaped the answer; null when the key or body checks rejected the request first. */
  scenario: ScenarioName | null;
  /**
   * Whether the whole answer was handed to the connection ('finish'); false while it is being made
   * and when the client went away first. Handed over is not yet read: a client killed right after
   * may never see it.
   */
  answerDelivered: boolean;
}

export interface FakeAiml {
  /** e.g. `http://127.0.0.1:PORT/v1`, what the client is configured with. */
  baseUrl: string;
  origin: string;
  /** Generation POSTs, in arrival order. */
  requests: RecordedRequest[];
  /** Image GETs under `/files/`, in arrival order. */
  downloads: RecordedDownload[];
  /** Balance checks (`GET /v2/billing`, what a key test asks), in arrival order. */
  billingChecks: RecordedBillingCheck[];
  /** Price reads (`GET /v1/models`), in arrival order. */
  modelsRequests: RecordedModelsRequest[];
  /** What `GET /v2/billing` reports from now on for a valid key (USD). */
  setBalance(usd: number): void;
  /** How the next balance reads are answered (`ok`, `not-found`, `odd-shape`), until set again. */
  setBillingScenario(scenario: BillingScenario): void;
  /** USD per image `GET /v1/models?include=pricing` reports for `model`. */
  setPrice(model: ModelId, usdPerImage: number): void;
  setModelsScenario(scenario: ModelsScenario): void;
  /** The next `times` accepted generation requests (default 1, Infinity allowed) get `name`; then 'ok'. */
  setScenario(name: ScenarioName, options?: ScenarioOptions): void;
  /** The next generation requests get these scenarios, one each in arrival order, then 'ok'. */
  setScenarioSequence(names: readonly ScenarioName[]): void;
  /** Forgets recorded requests and downloads and returns to 'ok'. Generated files stay downloadable. */
  reset(): void;
  /** Stops listening and ends every open connection, hanging ones included. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The docs' rule for `X-Client-Request-Id` (reference/aiml-reve-api.md, "Cost, tracing and balance"). */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const headerValue = (value: string | string[] | undefined): string | null => (Array.isArray(value) ? (value[0] ?? null) : (value ?? null));

function bearerKey(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

export async function startFakeAiml(options: FakeAimlOptions = {}): Promise<FakeAiml> {
  const validKeys = new Set(options.validKeys ?? [FAKE_VALID_KEY]);
  const schedule = createScenarioSchedule();
  const files = new FileStore();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  const downloads: RecordedDownload[] = [];
  const billingChecks: RecordedBillingCheck[] = [];
  const modelsRequests: RecordedModelsRequest[] = [];
  const billing: BillingState = { balanceUsd: options.balanceUsd ?? 12.5, scenario: 'ok' };
  const models: ModelsState = { usdPerImage: { ...DEFAULT_USD_PER_IMAGE }, scenario: 'ok' };
  let sequence = 0;
  let origin = '';

  const context: GenerationContext = {
    get filesOrigin() {
      return options.filesOrigin ?? origin;
    },
    files,
    oversizedBytes: options.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES,
    slowMs: options.slowMs ?? DEFAULT_SLOW_MS,
    nextSequence: () => (sequence += 1),
    later(ms, run) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
    },
  };

  async function handleGeneration(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = parseJson(await readBody(req));
    const clientRequestId = headerValue(req.headers['x-client-request-id']);
    const record: RecordedRequest = {
      method: req.method ?? 'POST',
      path,
      authorization: req.headers.authorization ?? null,
      body,
      clientRequestId,
      inferenceId: randomUUID(),
      scenario: null,
      answerDelivered: false,
    };
    requests.push(record);
    res.once('finish', () => (record.answerDelivered = true));
    // Every answer names its inference (the docs: `x-inference-id` "always" on non-streaming JSON
    // answers), and echoes a valid X-Client-Request-Id; an invalid one is dropped silently (docs:
    // 1–128 characters of [A-Za-z0-9._:-]). Set here so writeHead merges them into every answer.
    res.setHeader('x-inference-id', record.inferenceId);
    if (clientRequestId !== null && CLIENT_REQUEST_ID.test(clientRequestId)) res.setHeader('x-client-request-id', clientRequestId);

    const key = bearerKey(req.headers.authorization);
    if (key === null || !validKeys.has(key)) return sendEnvelope(res, 401, path, MESSAGES.unauthorized);

    const check = checkGenerationBody(body);
    if (!check.ok) {
      return sendEnvelope(res, check.status, path, check.message, check.issues ? { errors: check.issues } : {});
    }

    const scenario = schedule.take();
    record.scenario = scenario.name;
    await answerGeneration(req, res, path, check.value, scenario, context);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === CONTROL_PATHS.requests) return sendJson(res, 200, { requests, downloads, billingChecks, modelsRequests });
    if (req.method === 'POST' && path === CONTROL_PATHS.billing) {
      const command = parseBillingCommand(parseJson(await readBody(req)));
      if (!command.ok) return sendEnvelope(res, 400, path, command.message);
      if (command.balanceUsd !== undefined) billing.balanceUsd = command.balanceUsd;
      if (command.scenario !== undefined) billing.scenario = command.scenario;
      return sendJson(res, 200, { ok: true, ...billing });
    }
    if (req.method === 'POST' && path === CONTROL_PATHS.reset) {
      await readBody(req);
      fake.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === CONTROL_PATHS.scenario) {
      const command = parseScenarioCommand(parseJson(await readBody(req)));
      if (!command.ok) return sendEnvelope(res, 400, path, command.message);
      schedule.set(command.name, command.options);
      return sendJson(res, 200, { ok: true, name: command.name });
    }
    return sendEnvelope(res, 404, path, `Cannot ${req.method} ${path}`);
  }

  async function handleDownload(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const file = files.get(path.slice(FILES_PREFIX.length));
    const record: RecordedDownload = { path, status: file ? 200 : 404, bytesSent: 0, outcome: 'pending' };
    downloads.push(record);
    if (!file) {
      sendEnvelope(res, 404, path, `Cannot GET ${path}`);
      record.outcome = 'complete';
      return;
    }
    await serveFile(res, file, record);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const { pathname: path } = url;
    if (path.startsWith('/__fake/')) return handleControl(req, res, path);
    if (req.method === 'POST' && path === GENERATIONS_PATH) return handleGeneration(req, res, path);
    if (req.method === 'GET' && path.startsWith(FILES_PREFIX)) return handleDownload(req, res, path);
    if (req.method === 'GET' && path === BILLING_PATH) {
      return answerBilling(req, res, bearerKey(req.headers.authorization), validKeys, billing, billingChecks);
    }
    // No key needed (reference/aiml-reve-api.md): the fake does not look at Authorization here.
    if (req.method === 'GET' && path === MODELS_PATH) return answerModels(req, res, url, models, modelsRequests);
    req.resume();
    sendEnvelope(res, 404, path, `Cannot ${req.method} ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // A fake bug must surface loudly in the test output rather than as a silent hang.
      console.error('[fake-aiml] handler failed:', error);
      if (!res.headersSent) sendEnvelope(res, 500, req.url ?? '/', 'Fake AI/ML API failed; see the test output.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  const fake: FakeAiml = {
    baseUrl: `${origin}/v1`,
    origin,
    requests,
    downloads,
    billingChecks,
    modelsRequests,
    setBalance: (usd) => (billing.balanceUsd = usd),
    setBillingScenario: (scenario) => (billing.scenario = scenario),
    setPrice: (model, usd) => (models.usdPerImage[model] = usd),
    setModelsScenario: (scenario) => (models.scenario = scenario),
    setScenario: (name, scenarioOptions) => schedule.set(name, scenarioOptions),
    setScenarioSequence: (names) => schedule.sequence(names),
    reset() {
      requests.length = 0;
      downloads.length = 0;
      billingChecks.length = 0;
      modelsRequests.length = 0;
      billing.balanceUsd = options.balanceUsd ?? 12.5;
      billing.scenario = 'ok';
      models.usdPerImage = { ...DEFAULT_USD_PER_IMAGE };
      models.scenario = 'ok';
      schedule.reset();
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return fake;
}
