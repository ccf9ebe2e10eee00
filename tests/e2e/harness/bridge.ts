import type { Page } from '@playwright/test';
import type { Dispatch } from '../../../electron/main/ipc/dispatch';
import type { EventName, Events } from '../../../electron/shared/contract';
import { appError, fail } from '../../../electron/shared/errors';
import { pageScript } from './page-script';

/** The page side of the bridge (plain script text, see page-script.ts); the scroll bench installs it too. */
export const BRIDGE_SCRIPT = new URL('./page-scripts/reverie-bridge.js', import.meta.url);

/**
 * Per page, the last event handed in (settled once the page has run its listeners). In Electron,
 * `webContents.send` and the reply to `ipcRenderer.invoke` travel the same ordered IPC channel to
 * the frame, so an event main sent while handling a call reaches the page before the call's reply,
 * and events arrive in the order sent; the renderer's stores rely on both (queue-store.ts
 * `applySnapshot`). Here an event is a `page.evaluate` and a reply is the binding's return, two
 * separate roads: the chain below puts events in order and makes each reply wait for them.
 */
const delivered = new WeakMap<Page, Promise<void>>();

function afterDelivered(page: Page): Promise<void> {
  return delivered.get(page) ?? Promise.resolve();
}

/**
 * Stands in for the preload: defines `window.reverie` in the page before any app script runs and
 * routes `invoke` to the main-process dispatcher in this (Node) process. Like ipc.ts, it answers
 * only the page's own main frame. The page side is plain script text (page-scripts/), so it runs
 * the same whichever transpiler runs this file.
 */
export async function installBridge(page: Page, dispatch: Dispatch, mediaBase: string): Promise<void> {
  await page.exposeBinding('__reverieInvoke', async (source, channel: unknown, input: unknown) => {
    if (source.frame !== source.page.mainFrame()) {
      return fail(appError('invalid-input', 'This request did not come from the app window.'));
    }
    if (typeof channel !== 'string') return fail(appError('invalid-input', 'Unknown channel.'));
    const reply = await dispatch(channel, input);
    await afterDelivered(source.page);
    return reply;
  });
  await page.addInitScript({ content: pageScript(BRIDGE_SCRIPT, 'installReverieBridge', mediaBase) });
}

/**
 * Main → renderer events, delivered the way the preload would, one after another per page. Pages
 * that are gone are skipped. The call goes in as script text with the payload as JSON (event
 * payloads are plain data).
 */
export async function deliverEvent<E extends EventName>(pages: readonly Page[], event: E, payload: Events[E]): Promise<void> {
  const call = `window.__reverieDeliver?.(${JSON.stringify(event)}, ${JSON.stringify(payload)})`;
  const deliveries = pages
    .filter((page) => !page.isClosed())
    .map((page) => {
      const next = afterDelivered(page)
        .then(() => page.evaluate(call))
        .then(
          () => undefined,
          () => undefined,
        );
      delivered.set(page, next);
      return next;
    });
  await Promise.all(deliveries);
}
