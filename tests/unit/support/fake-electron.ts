/**
 * Just enough of Electron's main-process API to run electron/main/index.ts under Node: every call
 * is recorded, `ready` fires when the test says so, and windows/webContents keep their listeners so
 * a test can play the renderer's side (IPC events, navigations, popups). No behaviour of Electron's
 * own is imitated beyond what the wiring needs, except nativeImage, the clipboard and startDrag
 * (fake-electron-desktop.ts), net (fake-electron-net.ts) and Menu (fake-electron-menu.ts), which
 * refuse what Electron refuses; the real thing runs in tests/electron.
 */

import { createFakeClipboard, fakeStartDrag, nativeImage, type FakeDrag } from './fake-electron-desktop';
import { createFakeMenu } from './fake-electron-menu';
import { createFakeNet } from './fake-electron-net';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame = { url: '', parent: null, processId: this.id, routingId: 1 };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  /** Native drags that really started; startDrag follows Electron's rules (fake-electron-desktop.ts). */
  readonly drags: FakeDrag[] = [];
  startDrag(item: { file?: unknown; files?: unknown; icon?: unknown }) {
    fakeStartDrag(item, this.drags);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return false;
  }
  /** A frame inside this page (an iframe), for sender-check tests. */
  subframe(url: string): FakeFrame {
    return { url, parent: this.mainFrame, processId: this.id, routingId: 2 };
  }
}

export function createFakeElectron() {
  const log: string[] = [];
  const appEvents = new Emitter();
  let isReady = false;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const markReady = () => {
    isReady = true;
    resolveReady();
  };
  /** The AppUserModelID in effect; null until set (and forever off Windows). */
  const identity: { appUserModelId: string | null } = { appUserModelId: null };
  const paths: Record<string, string> = { userData: '/nonexistent/real-user-data' };
  const quits: string[] = [];

  const app = {
    isPackaged: false,
    /** productName from package.json, as Electron reads it. */
    name: 'Reverie',
    isReady: () => isReady,
    enableSandbox: () => log.push('app.enableSandbox'),
    // The native method exists on Windows only; elsewhere Electron installs a no-op in its place
    // (lib/browser/api/app.ts: "The native implementation is not provided on non-windows platforms").
    setAppUserModelId: (id: string) => {
      if (process.platform !== 'win32') return;
      identity.appUserModelId = id;
      log.push(`app.setAppUserModelId(${id})`);
    },
    setPath: (name: string, value: string) => {
      paths[name] = value;
      log.push(`app.setPath(${name})`);
    },
    getPath: (name: string) => paths[name] ?? `/nonexistent/${name}`,
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => {
      log.push('app.requestSingleInstanceLock');
      return true;
    },
    whenReady: () => ready,
    on: (event: string, listener: Listener) => {
      appEvents.on(event, listener);
      return app;
    },
    quit: () => {
      quits.push('quit');
      // Electron emits will-quit from quit(); enough of that for the close-before-quit handshake.
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      appEvents.emit('will-quit', event);
      if (!event.defaultPrevented) quits.push('quitted');
    },
    exit: (code: number) => quits.push(`exit(${code})`),
  };

  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged: (list: unknown[]) => {
      // As Electron refuses it (shell/browser/api/electron_api_protocol.cc, RegisterSchemesAsPrivileged):
      // V8's code cache is keyed by origin, which only a standard scheme has.
      for (const entry of list as { privileges?: { codeCache?: boolean; standard?: boolean } }[]) {
        if (entry.privileges?.codeCache && !entry.privileges.standard) {
          throw new Error('Code cache can only be enabled when the custom scheme is registered as standard scheme.');
        }
      }
      log.push('protocol.registerSchemesAsPrivileged');
      schemes.push(...list);
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      log.push(`protocol.handle(${scheme})`);
      protocolHandlers.set(scheme, handler);
    },
  };

  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const ipcMain = {
    handle: (channel: string, handler: (event: unknown, input: unknown) => unknown) => {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, handler);
    },
    removeHandler: (channel: string) => ipcHandlers.delete(channel),
    on: () => ipcMain,
    removeAllListeners: () => ipcMain,
  };

  const permissions: Record<string, Listener> = {};
  /** What resolveProxy answers, in Chromium's PAC form ("DIRECT", "PROXY host:port;DIRECT"); tests set it. */
  const proxy = { rule: 'DIRECT', asked: [] as string[] };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener) => (permissions.request = handler),
      setPermissionCheckHandler: (handler: Listener) => (permissions.check = handler),
      setDevicePermissionHandler: (handler: Listener) => (permissions.device = handler),
      // docs/api/session.md: `ses.resolveProxy(url)` returns a Promise<string> with the proxy
      // information for url, as ProxyInfo::ToPacString writes it.
      resolveProxy: async (url: string) => {
        new URL(url);
        proxy.asked.push(url);
        return proxy.rule;
      },
    },
  };

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    focused = 0;
    /** Whether the window has keyboard focus now (Electron's isFocused()). */
    hasFocus = true;
    constructor(readonly options: { webPreferences?: Record<string, unknown>; backgroundColor?: string }) {
      super();
      log.push('new BrowserWindow');
      windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.webContents.mainFrame.url = url;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused += 1;
    }
    isFocused() {
      return this.hasFocus;
    }
    show() {}
    static getAllWindows() {
      return [...windows];
    }
  }

  const errorBoxes: string[] = [];
  const dialog = { showErrorBox: (title: string) => errorBoxes.push(title) };

  const notifications: Array<{ title: string; body: string }> = [];
  class FakeNotification {
    static isSupported() {
      return true;
    }
    constructor(readonly options: { title: string; body: string }) {}
    show() {
      notifications.push({ title: this.options.title, body: this.options.body });
    }
  }

  const openedExternally: string[] = [];
  const shell = {
    openExternal: async (url: string) => {
      openedExternally.push(url);
    },
  };

  const clipboard = createFakeClipboard();
  // Chromium's network stack, over Node's http (fake-electron-net.ts); usable only after `ready`.
  const net = createFakeNet(() => isReady);
  const menu = createFakeMenu(log);

  // nativeTheme.themeSource takes 'system' | 'light' | 'dark' and starts at 'system' (electron docs,
  // api/native-theme.md); anything else fails Electron's argument conversion, so the fake throws too.
  let themeSource: 'system' | 'light' | 'dark' = 'system';
  /** The fake OS's own dark mode, what 'system' follows (a test may turn it on). */
  let systemDark = false;
  const nativeTheme = {
    // Readonly in Electron (api/native-theme.md: "If you want to modify this value you should use
    // themeSource"): a getter only, so assigning it throws in strict code as it does there. 'dark' makes
    // it true and 'light' false; 'system' gives the OS's setting.
    get shouldUseDarkColors() {
      return themeSource === 'system' ? systemDark : themeSource === 'dark';
    },
    get themeSource() {
      return themeSource;
    },
    set themeSource(value: string) {
      if (value !== 'system' && value !== 'light' && value !== 'dark') throw new TypeError(`Error processing argument: ${value} is not a theme source`);
      themeSource = value;
    },
  };

  return {
    module: {
      app,
      protocol,
      ipcMain,
      session,
      dialog,
      shell,
      Notification: FakeNotification,
      BrowserWindow: FakeBrowserWindow,
      nativeImage,
      clipboard: clipboard.clipboard,
      ClipboardItem: clipboard.ClipboardItem,
      net: net.net,
      Menu: menu.Menu,
      nativeTheme,
    },
    /** What nativeTheme.themeSource was last set to ('system' until then, as in Electron). */
    themeSource: () => nativeTheme.themeSource,
    /** Turns the fake OS's dark mode on or off (what nativeTheme follows with themeSource 'system'). */
    setSystemDark: (dark: boolean) => {
      systemDark = dark;
    },
    /** The application menu as set (Menu.setApplicationMenu); fake-electron-menu.ts reads it. */
    menu: menu.state,
    /** Every request made through net.request or net.fetch, in order. */
    netCalls: net.calls,
    /** session.resolveProxy's answer (`rule`) and the URLs it was asked about. */
    proxy,
    /** What is on the fake system clipboard now (null: never written). */
    clipboardContents: clipboard.contents,
    notifications,
    openedExternally,
    identity,
    log,
    appEvents,
    markReady,
    quits,
    schemes,
    protocolHandlers,
    ipcHandlers,
    permissions,
    windows,
    errorBoxes,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
