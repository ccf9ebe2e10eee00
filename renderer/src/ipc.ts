import type { ChannelInput, ChannelName, ChannelReply, EventName, Events, ReverieApi } from '../../electron/shared/contract';
import type { MediaVariant } from '../../electron/shared/domain';
import { messageOf } from '../../electron/shared/errors';

/**
 * The only file that touches `window.reverie` (the preload's bridge). Everything else in the
 * renderer goes through this small typed client, so tests only need to fake `window.reverie`.
 */
declare global {
  interface Window {
    reverie: ReverieApi;
  }
}

export type InvokeArgs<C extends ChannelName> = ChannelInput<C> extends undefined ? [] : [ChannelInput<C>];

/**
 * Expected failures already arrive as data. A rejected promise means the bridge itself broke
 * (a bug or a crashed main process); turning it into an AppError keeps the UI from hanging in a
 * "working…" state forever.
 */
export async function invoke<C extends ChannelName>(channel: C, ...input: InvokeArgs<C>): Promise<ChannelReply<C>> {
  try {
    return await window.reverie.invoke(channel, ...input);
  } catch (cause) {
    return {
      ok: false,
      error: {
        code: 'internal',
        message: 'Reverie could not reach its background process. Restart the app if this keeps happening.',
        detail: `${channel}: ${messageOf(cause)}`,
      },
    };
  }
}

export function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.reverie.on(event, listener);
}

/** Library images are addressed by id under the media origin, never by file path. */
export function mediaUrl(id: string, variant: MediaVariant): string {
  return `${window.reverie.mediaBase}/${variant}/${encodeURIComponent(id)}`;
}
