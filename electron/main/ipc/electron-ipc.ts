import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, type Emit, type Handlers } from '../../shared/contract';
import { appError, fail } from '../../shared/errors';
import { isTrustedUrl } from './app-origin';
import { createDispatcher } from './dispatch';
import { isTrustedSender, type SenderFacts } from './sender-check';

/** The windows Reverie created; passed as a function so windows opened later are included. */
export type GetWindows = () => readonly BrowserWindow[];

function senderFacts(event: IpcMainInvokeEvent, getWindows: GetWindows): SenderFacts {
  // senderFrame is null once the frame navigated away or was destroyed: such a message is refused.
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return {
    frameUrl: frame ? frame.url : null,
    // Compared by identity of the frame host (process + routing id), not of the JS wrapper object.
    isMainFrame: frame !== null && frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId,
    fromAppWindow: getWindows().some((window) => !window.isDestroyed() && window.webContents === event.sender),
  };
}

/**
 * Registers every contract channel with ipcMain. This is the only place ipcMain.handle is called:
 * each message first passes the sender check, then the dispatcher parses it with the channel's schema.
 */
export function wireIpc(handlers: Handlers, getWindows: GetWindows, origins: readonly string[]): () => void {
  const dispatch = createDispatcher(handlers);
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(senderFacts(event, getWindows), origins)) {
        console.warn(`[ipc] refused "${channel}" from an untrusted sender`);
        return fail(appError('invalid-input', 'This request did not come from Reverie’s own window.'));
      }
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

/** Main → renderer notifications, sent only to Reverie's own windows. */
export function createEmitter(getWindows: GetWindows, origins: readonly string[]): Emit {
  return (event, payload) => {
    if (!EVENT_NAMES.includes(event)) return;
    for (const window of getWindows()) {
      if (window.isDestroyed() || window.webContents.isDestroyed()) continue;
      // Library data is for Reverie's page only, never for whatever a window might be showing.
      if (isTrustedUrl(window.webContents.getURL(), origins)) window.webContents.send(event, payload);
    }
  };
}
