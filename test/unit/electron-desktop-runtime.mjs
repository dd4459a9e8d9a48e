// The stand-in `electron` of electron-fake-runtime.mjs, with the renderer played by the BUILT preload:
// the window's page is window.boxOffice from out/preload/preload.cjs (run by test/e2e/preload-runtime.ts),
// so a clerk's call goes renderer → preload → ipcMain handlers of the built main → core, as in the app.
// Everything else (app, ipcMain, session, dialog, safeStorage) is the fake runtime's, watched and, per
// DESKTOP_SCENARIO, adjusted. What it saw is printed as one line, `DESKTOP_TRACE {...}`, at exit, for
// electron-desktop.test.ts. Loaded through tsx (it imports a .ts module) by a module hook that maps
// 'electron' to this file.
import { pathToFileURL } from 'node:url';
import { createIpcRenderer, runPreload } from '../e2e/preload-runtime.ts';
import * as fake from './electron-fake-runtime.mjs';

// Everything the fake exports; BrowserWindow, defined below, takes precedence over the fake's.
export * from './electron-fake-runtime.mjs';

/**
 * key: the clerk enters the API key through the page, then works; packaged: the same as an installed
 * app; second-instance: a second start is announced to this one while its window is minimized; locked:
 * this start does not get the single-instance lock; quit-in-flight: quit while a PATCH is on its way.
 */
const scenario = process.env.DESKTOP_SCENARIO ?? 'key';
const API_KEY = process.env.DESKTOP_API_KEY ?? 'tc-desktop-key-0001';

const trace = {
  scenario,
  windows: 0,
  userData: null,
  replies: {},
  sent: [],
  /** For each encryptString call: was the text the key the clerk typed? (Never the text itself.) */
  encrypted: [],
  messageBoxes: [],
  restored: 0,
  focused: 0,
  quitPrevented: false,
  errors: [],
};

process.on('exit', () => {
  trace.userData = fake.app.getPath('userData');
  process.stdout.write(`DESKTOP_TRACE ${JSON.stringify(trace)}\n`);
});

// --- adjustments to the fake, per scenario ---------------------------------------------------------
const { app, safeStorage, dialog, ipcMain } = fake;
if (scenario === 'packaged') {
  app.isPackaged = true;
  // An installed app finds its migrations in resources/drizzle; the test's build has drizzle/ beside out/.
  process.resourcesPath = app.getAppPath();
}
if (scenario === 'locked') app.requestSingleInstanceLock = () => false;

const appListeners = new Map();
const on = app.on;
app.on = (event, listener) => {
  // Note when main holds a quit back (to let the core stop first).
  const watched =
    event === 'before-quit'
      ? (quitEvent, ...rest) =>
          listener(
            {
              preventDefault: () => {
                trace.quitPrevented = true;
                quitEvent.preventDefault();
              },
            },
            ...rest,
          )
      : listener;
  appListeners.set(event, [...(appListeners.get(event) ?? []), watched]);
  return on.call(app, event, watched);
};

if (process.env.DESKTOP_KEYRING) safeStorage.getSelectedStorageBackend = () => process.env.DESKTOP_KEYRING;
const encrypt = safeStorage.encryptString;
safeStorage.encryptString = (text) => {
  trace.encrypted.push(text === API_KEY);
  return encrypt(text);
};

const showMessageBox = dialog.showMessageBox;
dialog.showMessageBox = async (window, options) => {
  trace.messageBoxes.push({ message: options.message, detail: options.detail ?? '' });
  return showMessageBox(window, options);
};

// --- the window, whose page is the built preload -----------------------------------------------------
export class BrowserWindow extends fake.BrowserWindow {
  #minimized = false;
  #preloadFile;
  #ipcRenderer = null;

  constructor(options) {
    super(options);
    trace.windows += 1;
    this.#preloadFile = options.webPreferences.preload;
    const send = this.webContents.send;
    this.webContents.send = (channel, ...args) => {
      trace.sent.push(args[0]);
      send(channel, ...args);
      this.#ipcRenderer?.deliver(channel, ...args);
    };
  }

  isMinimized() {
    return this.#minimized;
  }
  minimize() {
    this.#minimized = true;
  }
  restore() {
    trace.restored += 1;
    this.#minimized = false;
  }
  focus() {
    trace.focused += 1;
  }

  // main.ts loads its page one way or another (file:// or a scheme of its own): either is "the page".
  async loadFile(file) {
    this.#load(pathToFileURL(file).href);
  }
  async loadURL(url) {
    this.#load(url);
  }

  #load(url) {
    this.events.emit('ready-to-show');
    const page = `${url}#/search`;
    this.#ipcRenderer = createIpcRenderer({
      handlerFor: (channel) => ipcMain.handlers.get(channel),
      senderEvent: () => ({ sender: { id: this.webContents.id }, senderFrame: { url: page, parent: null } }),
    });
    const boxOffice = runPreload(this.#preloadFile, this.#ipcRenderer).get('boxOffice');
    setImmediate(() => {
      actAsClerk(this, boxOffice).catch((error) => {
        trace.errors.push(String(error?.stack ?? error));
        app.exit(3);
      });
    });
  }
}

/** Asks the control server of electron-desktop.test.ts for a step and waits for its answer. */
async function control(step) {
  const answer = await fetch(`${process.env.DESKTOP_CONTROL_URL}/${step}`);
  if (!answer.ok) throw new Error(`control ${step}: ${answer.status}`);
}

async function actAsClerk(window, boxOffice) {
  switch (scenario) {
    case 'second-instance':
      window.minimize();
      for (const listener of appListeners.get('second-instance') ?? []) listener({}, ['tc-box-office'], process.cwd());
      break;
    case 'quit-in-flight':
      trace.replies.setApiKey = await boxOffice.setApiKey(API_KEY);
      trace.replies.saveEdit = await boxOffice.saveEdit(process.env.DESKTOP_ORDER_ID, { settings: { send_tickets: true } }, 'anna');
      // The test's Ticketscloud holds the PATCH: quit while it is held, then let it answer.
      await control('patch-arrived');
      app.quit();
      await control('quit-requested');
      return; // main quits by itself once the core has stopped
    default:
      trace.replies.setApiKey = await boxOffice.setApiKey(API_KEY);
      trace.replies.status = await boxOffice.status();
      trace.replies.listEdits = await boxOffice.listEdits({});
      trace.replies.search = await boxOffice.search({ q: 'tc-desktop', limit: 5 });
      trace.replies.listEvents = await boxOffice.listEvents();
      trace.replies.historyCsv = await boxOffice.historyCsv();
      trace.replies.getOrder = await boxOffice.getOrder('5f2a0c9e1b2c3d4e5f607182');
  }
  app.quit();
}
