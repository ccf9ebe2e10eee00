import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannelName, isEventName, MEDIA_BASE, type ChannelName, type EventName } from '../shared/channel-names';
import type { ChannelReply, Events, ReverieApi } from '../shared/contract';

/**
 * The whole bridge: `window.reverie` is exactly ReverieApi. No ipcRenderer, no Node, no Electron
 * objects reach the page; main checks every call again anyway (sender + schema).
 */
const api: ReverieApi = {
  invoke<C extends ChannelName>(channel: C, ...input: unknown[]): Promise<ChannelReply<C>> {
    // Main registers only contract channels; refusing others here keeps the page off any other handler.
    if (!isChannelName(channel)) return Promise.reject(new TypeError('Unknown Reverie channel.'));
    // Only the first argument travels: main parses exactly one input per call.
    return ipcRenderer.invoke(channel, input[0]) as Promise<ChannelReply<C>>;
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!isEventName(event)) throw new TypeError('Unknown Reverie event.');
    if (typeof listener !== 'function') throw new TypeError('A Reverie event listener must be a function.');
    // The IpcRendererEvent stays here: it carries `sender`, which is ipcRenderer itself.
    const forward = (_event: IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
  mediaBase: MEDIA_BASE,
};

contextBridge.exposeInMainWorld('reverie', api);
