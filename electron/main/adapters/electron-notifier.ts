import { Notification, type BrowserWindow } from 'electron';
import type { Notifier } from '../services/ports';

/**
 * System notifications for finished batches, only while Reverie is in the background: someone
 * watching the queue does not need to be told what they just saw.
 */
export function createElectronNotifier(getWindows: () => readonly BrowserWindow[]): Notifier {
  return {
    notify(title, body) {
      const watching = getWindows().some((window) => !window.isDestroyed() && window.isFocused());
      if (watching || !Notification.isSupported()) return;
      new Notification({ title, body, silent: false }).show();
    },
  };
}
