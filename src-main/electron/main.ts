// The desktop app's main process: one instance, one window, the core running in-process. Everything
// with a decision in it lives in the modules imported here and is tested in plain Node; this file only
// connects them to Electron's lifecycle.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import type { LocalizedText } from '../core/contract.ts';
import type { BoxOffice } from '../core/service.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { startBackend, type Backend } from './backend.ts';
import { hardenSession, hardenWebContents } from './harden.ts';
import { registerIpc } from './ipc.ts';
import { launchOptions, type LaunchOptions } from './launch.ts';
import { appPaths, settingsFileIn, userDataFolder, type AppPaths } from './paths.ts';
import { BASIC_TEXT_WARNING, NO_ENCRYPTION_WARNING, createSecretStore, type SecretStore } from './secrets.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, rendererLocation, windowOptions, type RendererLocation } from './security.ts';

// Every renderer sandboxed, whatever a BrowserWindow asks for; must happen before 'ready'.
app.enableSandbox();
// The renderer's own scheme (app://renderer/, see security.ts) instead of file://; also before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Before anything reads it (the single-instance lock lives there too).
app.setPath('userData', userDataFolder(app.getPath('appData')));

// A second start (a double click on the shortcut) focuses the running window instead of opening the
// same database twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const options = readLaunchOptions();
  if (options) runApp(options);
}

/** Settings problems are shown before anything starts (dialog.showErrorBox works before 'ready'). */
function readLaunchOptions(): LaunchOptions | null {
  const settingsFile = settingsFileIn(app.getPath('userData'));
  const options = launchOptions({
    argv: process.argv,
    env: process.env,
    settingsText: existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : null,
    settingsFile,
  });
  if (options.ok) return options.value;
  dialog.showErrorBox('TC Box Office', options.errors.map((error) => `${error.message.en}\n${error.message.ru}`).join('\n\n'));
  app.exit(2);
  return null;
}

function runApp(options: LaunchOptions): void {
  const paths = appPaths({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    userDataPath: app.getPath('userData'),
  });
  const renderer = rendererLocation(paths.rendererFolder);
  let backend: Backend | null = null;
  let window: BrowserWindow | null = null;
  let stopped = false;

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, renderer, (url) => shell.openExternal(url));
  });

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // The outbox is durable at every line, but stopping the engine lets requests in flight finish and
  // record their answers, so nothing is resent needlessly at the next start.
  // A second quit while stopping (the last window closed, then Cmd+Q) waits for the same stop.
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopped || !backend) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    backend
      .stop()
      .catch((error: unknown) => console.error('box office: stopping the core failed', error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      mkdirSync(app.getPath('userData'), { recursive: true });
      hardenSession(session.defaultSession, renderer);
      // Before any window: the page and its assets come only through this handler.
      protocol.handle(APP_SCHEME, createAppProtocolHandler(renderer));
      // safeStorage is only usable after 'ready' (on Linux the keyring is chosen then).
      const secrets = createSecretStore({ safeStorage, file: paths.apiKeyFile, platform: process.platform, log: console });
      if (secrets.protection() === 'basic_text') console.warn('box office: no system keyring; a stored API key has weak protection');
      const started = await startBackend({ launch: options, paths, readApiKey: () => secrets.readApiKey() });
      backend = started;

      const open = (): void => {
        window = openWindow(started.core, paths, renderer, options.demo ? null : secrets);
        window.on('closed', () => {
          window = null;
        });
      };
      open();
      // macOS keeps the app (and the sync engine) running with no window; the dock icon reopens it.
      app.on('activate', () => {
        if (!window && backend) open();
      });
    })
    .catch((error: unknown) => {
      console.error('box office: start failed', error);
      dialog.showErrorBox('TC Box Office', `The box office could not start.\nКасса не запустилась.\n\n${String(error)}`);
      app.exit(1);
    });
}

/** In demo mode `secrets` is null: the sandbox's key is not the venue's and is never stored. */
function openWindow(core: BoxOffice, paths: AppPaths, renderer: RendererLocation, secrets: SecretStore | null): BrowserWindow {
  const window = new BrowserWindow(windowOptions({ preloadFile: paths.preloadFile, devTools: !app.isPackaged }));
  const storeKey = (key: string): void => {
    if (!secrets) return;
    const saved = secrets.saveApiKey(key);
    if (!saved.stored) warn(window, NO_ENCRYPTION_WARNING);
    else if (saved.protection === 'basic_text') warn(window, BASIC_TEXT_WARNING);
  };
  const unregister = registerIpc({
    ipcMain,
    api: core.api,
    webContents: window.webContents,
    renderer,
    onApiKeyAccepted: storeKey,
    onInternalError: (method, error) => console.error(`box office: ${method} failed`, error),
  });
  window.on('closed', unregister);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(renderer.indexUrl);
  return window;
}

/** A warning the clerk must see: the system's language first, the other one below it. */
function warn(window: BrowserWindow, text: LocalizedText): void {
  const russianFirst = app.getLocale().toLowerCase().startsWith('ru');
  void dialog.showMessageBox(window, {
    type: 'warning',
    title: 'TC Box Office',
    message: russianFirst ? text.ru : text.en,
    detail: russianFirst ? text.en : text.ru,
  });
}
