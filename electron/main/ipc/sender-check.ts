import { isTrustedUrl } from './app-origin';

/** What ipc.ts learns about the frame behind an IPC message, reduced to plain data. */
export interface SenderFacts {
  /** The sending frame's URL; null when Electron no longer knows the frame (navigated or destroyed). */
  frameUrl: string | null;
  /** True only for the top-level frame of its page: iframes never speak for the app. */
  isMainFrame: boolean;
  /** True when the page belongs to one of the windows Reverie created. */
  fromAppWindow: boolean;
}

/**
 * Whether an IPC message may reach a handler. Everything must hold: a page that navigated
 * elsewhere, a subframe, or any other webContents is refused, even with a valid payload.
 */
export function isTrustedSender(facts: SenderFacts, origins: readonly string[]): boolean {
  return facts.fromAppWindow && facts.isMainFrame && facts.frameUrl !== null && isTrustedUrl(facts.frameUrl, origins);
}
