import type { Page } from 'playwright';

/**
 * How the library's replies reach the page in the scroll bench. In Electron a reply to
 * `ipcRenderer.invoke` is a structured clone that Chromium deserializes natively (V8's
 * ValueDeserializer) in a millisecond or so for a page of 200 items. The test harness's bridge
 * (tests/e2e/harness/bridge.ts) returns it from a Playwright binding instead, and Playwright hands a
 * binding's result to the page as a DevTools call whose argument is its own serialization (every
 * value wrapped as {o: [{k, v}]}, {a: [...]}, …), which the page's main thread converts from the
 * protocol's JSON and then unwraps in script (parseEvaluationResultValue). A CDP trace of the scroll
 * attributed 53 of 131 long tasks to that delivery (~110 ms of CPU each, before the app's own code
 * ran), and a heap sampling ~25 MB of the renderer's allocations; none of it is work the app does in
 * Electron.
 *
 * So here a `library:*` reply crosses as one JSON string and the page parses it (JSON.parse, native,
 * about as cheap as the structured clone it stands for). Replies are plain data (library.ts builds
 * them from rows), so JSON carries them unchanged. Every other channel, and every event, still goes
 * the harness's way. REVERIE_BENCH_BRIDGE=playwright keeps the harness's way for library replies too
 * (to compare with figures measured before).
 */
export type BenchBridge = 'json' | 'playwright';

export const benchBridge = (): BenchBridge => (process.env.REVERIE_BENCH_BRIDGE === 'playwright' ? 'playwright' : 'json');

/** The binding the harness exposes to the page (bridge.ts). */
const INVOKE_BINDING = '__reverieInvoke';
const JSON_KEY = '__benchJson';

/**
 * Page side, before the harness's bridge script reads the binding: the binding as the bridge sees it
 * unwraps a JSON reply. Playwright sets the binding on window by assignment, before or after this runs.
 */
const UNWRAP_SCRIPT = `(() => {
  const unwrap = (invoke) => (...args) => invoke(...args).then((reply) =>
    reply !== null && typeof reply === 'object' && typeof reply.${JSON_KEY} === 'string' ? JSON.parse(reply.${JSON_KEY}) : reply);
  let current = typeof window.${INVOKE_BINDING} === 'function' ? unwrap(window.${INVOKE_BINDING}) : undefined;
  Object.defineProperty(window, '${INVOKE_BINDING}', {
    configurable: true,
    get: () => current,
    set: (invoke) => { current = unwrap(invoke); },
  });
})();`;

type BindingCallback = (source: unknown, ...args: unknown[]) => unknown;

/**
 * Call before openBrowserStudio with the page it will use: library replies then cross as JSON (see
 * above). The harness installs its bridge through `page.exposeBinding`; this page's exposeBinding
 * wraps that one binding's callback and leaves every other binding as it is.
 */
export async function useJsonLibraryReplies(page: Page): Promise<void> {
  await page.addInitScript({ content: UNWRAP_SCRIPT });
  const expose = page.exposeBinding.bind(page);
  const wrapped = (name: string, callback: BindingCallback) => {
    if (name !== INVOKE_BINDING) return expose(name, callback);
    return expose(name, async (source, channel: unknown, ...rest: unknown[]) => {
      const reply = await callback(source, channel, ...rest);
      return typeof channel === 'string' && channel.startsWith('library:') ? { [JSON_KEY]: JSON.stringify(reply) } : reply;
    });
  };
  Object.defineProperty(page, 'exposeBinding', { value: wrapped, configurable: true });
}
