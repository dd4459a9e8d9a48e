// A stand-in for the `electron` module, so the BUILT main process (out/main/main.js) can run in plain
// Node where Electron's binary cannot be downloaded. It plays the part of Electron and of a well-behaved
// renderer: app lifecycle, one window, ipcMain, the default session, the app:// protocol; once the window
// loads, it fetches the page and some strangers' paths through main's protocol handler, calls the IPC
// channels as our page and as strangers, fires the navigation hooks, then quits. Everything it
// saw is printed as one JSON line (`FAKE_ELECTRON_TRACE {...}`) for electron-build.test.ts.
// Loaded through a module hook that maps the specifier 'electron' to this file.
import { pathToFileURL } from 'node:url';

const appData = process.env.FAKE_ELECTRON_APP_DATA;
const appPath = process.env.FAKE_ELECTRON_APP_PATH;
if (!appData || !appPath) throw new Error('FAKE_ELECTRON_APP_DATA and FAKE_ELECTRON_APP_PATH are required');
// Electron's default before main.ts moves it: named after package.json's "name".
const paths = { appData, userData: `${appData}/tc-box-office` };

const trace = {
  sandboxEnabled: false,
  singleInstanceLock: false,
  windows: [],
  loadedFiles: [],
  loadedUrls: [],
  privilegedSchemes: [],
  handledSchemes: [],
  protocolAnswers: {},
  channels: [],
  replies: {},
  sent: [],
  navigation: {},
  permissions: {},
  requests: {},
  errors: [],
  dialogs: [],
  quitPrevented: 0,
};

function finish(code) {
  process.stdout.write(`FAKE_ELECTRON_TRACE ${JSON.stringify(trace)}\n`);
  process.exit(code);
}

function emitter() {
  const listeners = new Map();
  return {
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, []);
      listeners.get(event).push(listener);
      return this;
    },
    once(event, listener) {
      return this.on(event, listener);
    },
    emit(event, ...args) {
      for (const listener of listeners.get(event) ?? []) listener(...args);
    },
    listener(event) {
      return (listeners.get(event) ?? [])[0];
    },
  };
}

const appEvents = emitter();
let quitting = false;
// Electron's own ordering rules: privileged schemes before 'ready', protocol handlers after it.
let ready = false;

export const app = {
  isPackaged: false,
  enableSandbox: () => (trace.sandboxEnabled = true),
  requestSingleInstanceLock: () => (trace.singleInstanceLock = true),
  getPath: (name) => {
    if (!(name in paths)) throw new Error(`unexpected getPath(${name})`);
    return paths[name];
  },
  setPath: (name, value) => {
    if (name !== 'userData') throw new Error(`unexpected setPath(${name})`);
    if (trace.singleInstanceLock) throw new Error('userData moved after the single-instance lock was taken');
    paths.userData = value;
    trace.userData = value;
  },
  getAppPath: () => appPath,
  getLocale: () => 'ru-RU',
  on: (event, listener) => appEvents.on(event, listener),
  whenReady: () =>
    Promise.resolve().then(() => {
      ready = true;
    }),
  quit() {
    let prevented = false;
    appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) {
      trace.quitPrevented += 1;
      return;
    }
    if (!quitting) {
      quitting = true;
      finish(0);
    }
  },
  exit: (code) => finish(code),
};

export const ipcMain = {
  handlers: new Map(),
  handle(channel, handler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
    trace.channels.push(channel);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from(text, 'utf8').reverse(),
  decryptString: (data) => Buffer.from(data).reverse().toString('utf8'),
};

const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready) throw new Error('registerSchemesAsPrivileged can only be called before the app is ready');
    trace.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    if (!ready) throw new Error('protocol.handle can only be called after the app is ready');
    if (protocolHandlers.has(scheme)) throw new Error(`${scheme} is already handled`);
    protocolHandlers.set(scheme, handler);
    trace.handledSchemes.push(scheme);
  },
};

export const shell = { openExternal: async (url) => trace.errors.push(`openExternal ${url}`) };

export const dialog = {
  showErrorBox: (title, content) => trace.dialogs.push({ kind: 'error', title, content }),
  showMessageBox: async (_window, options) => {
    trace.dialogs.push({ kind: 'message', message: options.message });
    return { response: 0 };
  },
};

const sessionHooks = {};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (sessionHooks.request = handler),
    setPermissionCheckHandler: (handler) => (sessionHooks.check = handler),
    setDevicePermissionHandler: (handler) => (sessionHooks.device = handler),
    webRequest: {
      onBeforeRequest: (handler) => (sessionHooks.beforeRequest = handler),
      onHeadersReceived: (handler) => (sessionHooks.headers = handler),
    },
  },
};

let nextWebContentsId = 1;

export class BrowserWindow {
  constructor(options) {
    trace.windows.push(options);
    this.events = emitter();
    const contentsEvents = emitter();
    this.webContents = {
      id: nextWebContentsId++,
      send: (channel, payload) => trace.sent.push({ channel, payload }),
      isDestroyed: () => false,
      on: (event, listener) => contentsEvents.on(event, listener),
      setWindowOpenHandler: (handler) => (this.windowOpenHandler = handler),
      events: contentsEvents,
    };
    appEvents.emit('web-contents-created', {}, this.webContents);
  }
  on(event, listener) {
    this.events.on(event, listener);
    return this;
  }
  once(event, listener) {
    return this.on(event, listener);
  }
  show() {
    trace.shown = true;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  async loadFile(file) {
    trace.loadedFiles.push(file);
    this.events.emit('ready-to-show');
    this.startRenderer(pathToFileURL(file).href);
  }
  async loadURL(url) {
    trace.loadedUrls.push(url);
    this.events.emit('ready-to-show');
    this.startRenderer(url);
  }
  startRenderer(url) {
    setImmediate(() => {
      actAsRenderer(this, url).catch((error) => {
        trace.errors.push(String(error?.stack ?? error));
        finish(3);
      });
    });
  }
}

function eventFrom(window, frameUrl, { webContentsId = window.webContents.id, parent = null } = {}) {
  return { sender: { id: webContentsId }, senderFrame: { url: frameUrl, parent } };
}

function invoke(channel, event, ...args) {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, ...args);
}

/** Polls what main sent to the window until `found` matches, or gives up at the deadline. */
async function waitForSent(found, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (trace.sent.some(found)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/** What main's protocol handler answers for `url`, as Chromium would ask it. */
async function fetchThroughProtocol(url) {
  const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
  if (!handler) return { status: 'unhandled' };
  const response = await handler(new Request(url));
  const body = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    leaked: body.includes('FAKE_SECRET'),
  };
}

async function actAsRenderer(window, url) {
  const page = `${url}#/search`;
  const ours = eventFrom(window, page);
  trace.protocolAnswers = {
    page: await fetchThroughProtocol(url),
    asset: await fetchThroughProtocol(new URL('assets/app.js', url).href),
    dotfile: await fetchThroughProtocol(new URL('.env', url).href),
    symlinkOut: await fetchThroughProtocol(new URL('linked-out', url).href),
    mainBundle: await fetchThroughProtocol(new URL('../main/main.js', url).href),
  };
  const orderId = '5f2a0c9e1b2c3d4e5f607182';

  trace.replies.status = await invoke('box-office:status', ours);
  trace.replies.badOrderId = await invoke('box-office:saveEdit', ours, 'not-an-id', { settings: { send_tickets: true } });
  trace.replies.fromStranger = await invoke('box-office:saveEdit', eventFrom(window, 'https://evil.example/'), orderId, { settings: { send_tickets: true } });
  trace.replies.fromOtherWindow = await invoke('box-office:status', eventFrom(window, page, { webContentsId: 99 }));
  trace.replies.saved = await invoke('box-office:saveEdit', ours, orderId, { settings: { customer: { name: 'Иван Иванов' } } }, 'anna');
  if (process.argv.includes('--demo')) {
    trace.demoImported = await waitForSent((message) => message.payload?.type === 'import' && message.payload.done, 30_000);
    trace.replies.search = await invoke('box-office:search', ours, { q: 'ив', limit: 5 });
  } else {
    trace.replies.russianLayoutKey = await invoke('box-office:setApiKey', ours, 'ыфтвищч-лун');
    trace.replies.apiKey = await invoke('box-office:setApiKey', ours, 'tc-smoke-key-0001');
  }

  const navigate = (hook, url, isMainFrame = true) => {
    let prevented = false;
    window.webContents.events.listener(hook)?.({ url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  };
  trace.navigation = {
    away: navigate('will-navigate', 'https://evil.example/'),
    reload: navigate('will-navigate', page),
    webview: navigate('will-attach-webview', 'https://evil.example/'),
    newWindow: window.windowOpenHandler?.({ url: 'https://evil.example/' }),
  };

  trace.permissions = {
    request: await new Promise((resolve) => sessionHooks.request?.(window.webContents, 'media', resolve)),
    check: sessionHooks.check?.(window.webContents, 'clipboard-read', 'file://', {}),
  };
  const cancelled = (url) => new Promise((resolve) => sessionHooks.beforeRequest?.({ url }, (response) => resolve(response.cancel)));
  trace.requests = {
    remote: await cancelled('https://cdn.example/x.js'),
    ownPage: await cancelled(url),
    fileUrl: await cancelled(pathToFileURL(`${appPath}/out/renderer/index.html`).href),
  };

  window.events.emit('closed');
  appEvents.emit('window-all-closed');
  // On macOS the app stays up with no window; quit explicitly so the run always ends the same way.
  app.quit();
}
