import type { Page } from '@playwright/test';
import type { Dispatch } from '../../../electron/main/ipc-dispatch';
import type { EventName, Events } from '../../../electron/shared/contract';
import { appError, fail } from '../../../electron/shared/errors';

/**
 * Stands in for the preload: defines `window.reverie` in the page before any app script runs and
 * routes `invoke` to the main-process dispatcher in this (Node) process. Like ipc.ts, it answers
 * only the page's own main frame.
 */
export async function installBridge(page: Page, dispatch: Dispatch, mediaBase: string): Promise<void> {
  await page.exposeBinding('__reverieInvoke', async (source, channel: unknown, input: unknown) => {
    if (source.frame !== source.page.mainFrame()) {
      return fail(appError('invalid-input', 'This request did not come from the app window.'));
    }
    if (typeof channel !== 'string') return fail(appError('invalid-input', 'Unknown channel.'));
    return dispatch(channel, input);
  });

  await page.addInitScript((base: string) => {
    type Listener = (payload: unknown) => void;
    const host = window as unknown as Record<string, unknown>;
    const invokeInMain = host.__reverieInvoke as (channel: string, input: unknown) => Promise<unknown>;
    const listeners = new Map<string, Set<Listener>>();
    host.__reverieDeliver = (event: string, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    const api = Object.freeze({
      invoke: (channel: string, input?: unknown) => invokeInMain(channel, input),
      on(event: string, listener: Listener) {
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
      mediaBase: base,
    });
    Object.defineProperty(window, 'reverie', { value: api, writable: false, configurable: false });
  }, mediaBase);
}

/** Main → renderer events, delivered the way the preload would. Pages that are gone are skipped. */
export async function deliverEvent<E extends EventName>(pages: readonly Page[], event: E, payload: Events[E]): Promise<void> {
  await Promise.all(
    pages
      .filter((page) => !page.isClosed())
      .map((page) =>
        page
          .evaluate(
            ([name, data]) => (window as unknown as { __reverieDeliver?: (e: string, p: unknown) => void }).__reverieDeliver?.(name, data),
            [event, payload] as const,
          )
          .catch(() => undefined),
      ),
  );
}
