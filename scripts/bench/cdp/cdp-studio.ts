import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import type { SecretStore } from '../../../electron/main/services/ports';
import { appError, fail } from '../../../electron/shared/errors';
import { BRIDGE_SCRIPT } from '../../../tests/e2e/harness/bridge';
import { RENDERER_BUNDLE } from '../../../tests/e2e/harness/browser-studio';
import { pageScript } from '../../../tests/e2e/harness/page-script';
import { HARNESS_MEDIA_BASE, startRendererServer } from '../../../tests/e2e/harness/renderer-server';
import { openHostedStudio } from '../../../tests/support/open-hosted-studio';
import { createRecordingDesktop } from '../../../tests/support/recording-ports';
import type { CdpPage } from './cdp-page';

/** The binding the page calls with one JSON string per request. */
const RAW_BINDING = '__benchInvoke';

/**
 * Page side, before the harness's bridge script (which reads `window.__reverieInvoke` as the call
 * into main): each call crosses as JSON with a sequence number, and its reply comes back through
 * `__benchReply` as one JSON string the page parses. In Electron a reply is a structured clone
 * Chromium deserializes natively; JSON.parse is about as cheap, and no DevTools serialization of the
 * page's values runs on its main thread (Playwright's bindings wrap every value in script).
 */
const INVOKE_SCRIPT = `(() => {
  const waiting = new Map();
  let next = 0;
  Object.defineProperty(window, '__benchReply', {
    value(seq, json) {
      const resolve = waiting.get(seq);
      waiting.delete(seq);
      if (resolve) resolve(JSON.parse(json));
    },
  });
  window.__reverieInvoke = (channel, input) => new Promise((resolve) => {
    const seq = ++next;
    waiting.set(seq, resolve);
    window.${RAW_BINDING}(JSON.stringify({ seq, channel, input }));
  });
})();`;

export interface CdpStudioOptions {
  dataDir: string;
  secretStore: SecretStore;
  apiBaseUrl: string;
  /** The renderer bundle to serve (out/renderer by default; another build's, to compare two builds). */
  rendererRoot?: string;
}

export interface CdpStudio {
  /** Where the renderer and its media are served (http on 127.0.0.1, as in the e2e harness). */
  origin: string;
  close(): Promise<void>;
}

interface BridgeCall {
  seq: number;
  channel: unknown;
  input: unknown;
}

/**
 * The studio in a CdpPage as the e2e harness shows it in a Playwright page (tests/e2e/harness/
 * browser-studio.ts): the built renderer, `window.reverie` wired to the real main-process services
 * through the validating dispatcher, events delivered in order and before the replies that follow
 * them (bridge.ts says why the order matters).
 */
export async function openCdpStudio(page: CdpPage, options: CdpStudioOptions): Promise<CdpStudio> {
  let delivered: Promise<unknown> = Promise.resolve();
  const inOrder = (work: () => Promise<unknown>) => {
    delivered = delivered.then(work).catch(() => undefined);
    return delivered;
  };
  const desktop = createRecordingDesktop();
  const { rendererRoot = RENDERER_BUNDLE, ...hostOptions } = options;
  const studio = await openHostedStudio({
    ...hostOptions,
    ...desktop.ports,
    emit: (event, payload) => void inOrder(() => page.evaluate(`window.__reverieDeliver?.(${JSON.stringify(event)}, ${JSON.stringify(payload)})`)),
  });
  const server = await startRendererServer(rendererRoot, studio);
  const dispatch = createDispatcher(studio.handlers);

  async function answer({ seq, channel, input }: BridgeCall) {
    const reply = typeof channel === 'string' ? await dispatch(channel, input) : fail(appError('invalid-input', 'Unknown channel.'));
    await delivered;
    await page.evaluate(`window.__benchReply(${Number(seq)}, ${JSON.stringify(JSON.stringify(reply ?? null))})`);
  }
  await page.exposeBinding(RAW_BINDING, (payload) => {
    const call = JSON.parse(payload) as BridgeCall;
    answer(call).catch((error: unknown) => console.error(`scroll bench: the reply to ${String(call.channel)} did not reach the page:`, error));
  });
  await page.addInitScript(INVOKE_SCRIPT);
  await page.addInitScript(pageScript(BRIDGE_SCRIPT, 'installReverieBridge', HARNESS_MEDIA_BASE));
  await page.goto(`${server.origin}/index.html`);

  return {
    origin: server.origin,
    async close() {
      await server.close();
      await studio.close();
    },
  };
}
