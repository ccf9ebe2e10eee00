// Runs in the page, as plain script text (see ../page-script.ts): stands in for the preload and
// defines `window.reverie` before any app script runs. `window.__reverieInvoke` is the binding the
// harness exposed in the Node process; `window.__reverieDeliver` is how the harness hands events in.

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the text pageScript() wraps around this file
function installReverieBridge(mediaBase) {
  'use strict';
  const invokeInMain = window.__reverieInvoke;
  const listeners = new Map();
  Object.defineProperty(window, '__reverieDeliver', {
    value(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    writable: false,
    configurable: false,
  });
  const api = Object.freeze({
    invoke: (channel, input) => invokeInMain(channel, input),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    mediaBase,
  });
  Object.defineProperty(window, 'reverie', { value: api, writable: false, configurable: false });
}
