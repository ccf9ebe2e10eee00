import type { CdpConnection } from './cdp-connection';

/** The keys the scroll bench presses, as Chromium's input events want them (Windows virtual key codes, as Playwright's US layout sends). */
const KEYS = {
  Home: { key: 'Home', code: 'Home', windowsVirtualKeyCode: 36 },
  End: { key: 'End', code: 'End', windowsVirtualKeyCode: 35 },
} as const;

export type BenchKey = keyof typeof KEYS;

interface EvaluateReply {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/**
 * One page (tab) over a flattened DevTools session: what the scroll bench does with a page, and
 * nothing that attaches an agent it does not need (cdp-browser.ts says why).
 */
export class CdpPage {
  constructor(
    private readonly connection: CdpConnection,
    private readonly sessionId: string,
    private readonly targetId: string,
  ) {}

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    return this.connection.send<T>(method, params, this.sessionId);
  }

  /** Events of this page's session only. */
  on(method: string, listener: (params: unknown) => void): () => void {
    return this.connection.on(method, (params, sessionId) => {
      if (sessionId === this.sessionId) listener(params);
    });
  }

  async open(viewport: { width: number; height: number }, { withNetworkAgent }: { withNetworkAgent: boolean }): Promise<void> {
    await this.send('Page.enable');
    // What Playwright's viewport option sends (crPage.ts): the page lays out at this size.
    await this.send('Emulation.setDeviceMetricsOverride', {
      ...viewport,
      deviceScaleFactor: 1,
      mobile: false,
      screenWidth: viewport.width,
      screenHeight: viewport.height,
    });
    if (withNetworkAgent) await this.send('Network.enable');
  }

  /** Runs before any script of every document this page loads from now on. */
  async addInitScript(source: string): Promise<void> {
    await this.send('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  /** Navigates and resolves once the document's load event has fired. */
  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const off = this.on('Page.loadEventFired', () => {
        off();
        resolve();
      });
    });
    const { errorText } = await this.send<{ errorText?: string }>('Page.navigate', { url });
    if (errorText) throw new Error(`Could not load ${url}: ${errorText}`);
    await loaded;
  }

  /** An expression's value in the page (a promise is awaited), as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send<EvaluateReply>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (reply.exceptionDetails) {
      throw new Error(`In the page: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}\n  evaluating ${expression.slice(0, 200)}`);
    }
    return reply.result.value as T;
  }

  /** Until `expression` is truthy in the page, looking every 100 ms; throws after `timeoutMs`. */
  async waitFor(expression: string, what: string, timeoutMs = 120_000): Promise<void> {
    const giveUp = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > giveUp) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** `window[name](payload)` in the page reaches `handler` here (Runtime.addBinding: one string each way). */
  async exposeBinding(name: string, handler: (payload: string) => void): Promise<void> {
    this.on('Runtime.bindingCalled', (params) => {
      const call = params as { name: string; payload: string };
      if (call.name === name) handler(call.payload);
    });
    // A binding is installed only while the Runtime agent is enabled (as Playwright enables it).
    await this.send('Runtime.enable');
    await this.send('Runtime.addBinding', { name });
  }

  async moveMouse(x: number, y: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'none' });
  }

  /** One wheel event where the mouse is, as Playwright's mouse.wheel sends it. */
  async wheel(x: number, y: number, deltaY: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y, deltaX: 0, deltaY });
  }

  async click(x: number, y: number): Promise<void> {
    await this.moveMouse(x, y);
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', buttons: 1, clickCount: 1 });
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', buttons: 0, clickCount: 1 });
  }

  async press(name: BenchKey): Promise<void> {
    const key = KEYS[name];
    await this.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key, nativeVirtualKeyCode: key.windowsVirtualKeyCode });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key, nativeVirtualKeyCode: key.windowsVirtualKeyCode });
  }

  /** The JS heap in use after a full garbage collection, in MB (as DevTools' memory panel reads it). */
  async heapAfterGcMb(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  }

  async close(): Promise<void> {
    await this.connection.send('Target.closeTarget', { targetId: this.targetId });
  }
}
