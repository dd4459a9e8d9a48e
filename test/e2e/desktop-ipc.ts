// The desktop app's path for the end-to-end suite, as close to Electron as a machine without Electron's
// binary gets: renderer (in Chromium) → window.boxOffice → the BUILT preload (out/preload/preload.cjs,
// run in a vm as a sandboxed preload is: CommonJS, `require('electron')` only) → ipcRenderer.invoke →
// the real handler table of src-main/electron/ (registerIpc: the real sender check, the real argument
// rules) → the real core. Only Electron itself is stood in for, in three small pieces:
//   - contextBridge.exposeInMainWorld: the object the preload exposes is handed to the page through a
//     playwright-core binding, and an init script defines window.boxOffice in the page with exactly the
//     exposed names (functions passed in — listeners — and functions handed back — unsubscribe — are
//     proxied both ways, as contextBridge proxies them; an error keeps only its message, as there);
//   - ipcRenderer / ipcMain / webContents.send: arguments and answers are structured-cloned, a channel
//     without a handler rejects with Electron's own message, events go main → renderer;
//   - the sender: our one window, its top frame, and the URL Electron would report for the page the
//     Chromium tab shows (the served index page ↦ the renderer's own URL, anything else as it is), so the
//     real isTrustedSender decides.
// Nothing here knows how main.ts loads the page: the built renderer is served to Chromium by a static
// server with the app's CSP (harness.ts, serveRenderer).
import type { Page } from 'playwright-core';
import type { BoxOfficeApi, FieldError } from '../../src-main/core/contract.ts';
import { registerIpc } from '../../src-main/electron/ipc.ts';
import { rendererLocation, type RendererLocation } from '../../src-main/electron/security.ts';
import { createIpcRenderer, runPreload, type InvokeHandler } from './preload-runtime.ts';

/** One IPC round trip as main saw it: the channel and whether the reply was a success. */
export interface Invocation {
  channel: string;
  ok: boolean;
  /** A refusal's status and errors (paths and codes), so a failing test says what main refused. */
  status?: number;
  errors?: { path: string; code: string; message: string }[];
}

export interface DesktopIpc {
  /** The names the preload exposed on `window.boxOffice`, in its order. */
  exposedNames: readonly string[];
  /** Every `contextBridge.exposeInMainWorld` key (the preload must expose `boxOffice` and nothing else). */
  exposedKeys: readonly string[];
  /** Every invoke main answered, in order. */
  invocations: Invocation[];
  /** How many events main sent to the window. */
  eventsSent(): number;
  /** Binds the exposed object to `page` (before it loads): window.boxOffice in its top frame. */
  attach(page: Page, servedIndexUrl: string): Promise<void>;
  close(): void;
}

export interface DesktopIpcOptions {
  api: BoxOfficeApi;
  preloadFile: string;
  /** The renderer's index.html as the desktop app would load it: what the sender check compares with. */
  rendererIndexFile: string;
  /** main.ts stores an accepted key in safeStorage here. */
  onApiKeyAccepted?: (key: string) => void;
}

/** The playwright binding and the page-side dispatcher, named so no renderer code can collide with them. */
const BINDING = '__tcBoxOfficeStandInContextBridge';
const DISPATCH = '__tcBoxOfficeStandInDispatch';
/**
 * The contract's one method that answers synchronously: subscribe returns its unsubscribe function.
 * Every other method returns a promise, which is what an asynchronous binding can give.
 */
const SYNCHRONOUS_METHODS: readonly string[] = ['subscribe'];

export function startDesktopIpc({ api, preloadFile, rendererIndexFile, onApiKeyAccepted }: DesktopIpcOptions): DesktopIpc {
  const renderer: RendererLocation = rendererLocation(rendererIndexFile);
  const handlers = new Map<string, InvokeHandler>();
  const invocations: Invocation[] = [];
  let sent = 0;
  let closed = false;
  /** The URL of the page in the window's top frame, as Electron would report it; set by attach(). */
  let frameUrl: () => string | null = () => null;

  const ipcMain = {
    handle(channel: string, handler: InvokeHandler): void {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string): void {
      handlers.delete(channel);
    },
  };

  const webContents = {
    id: 1,
    isDestroyed: () => closed,
    send(channel: string, ...args: unknown[]): void {
      sent += 1;
      ipcRenderer.deliver(channel, ...args);
    },
  };

  const unregister = registerIpc({
    ipcMain: ipcMain as unknown as Parameters<typeof registerIpc>[0]['ipcMain'],
    api,
    webContents: webContents as unknown as Parameters<typeof registerIpc>[0]['webContents'],
    renderer,
    ...(onApiKeyAccepted ? { onApiKeyAccepted } : {}),
    onInternalError: (method, error) => console.error(`desktop IPC: ${method} failed`, error),
  });

  const ipcRenderer = createIpcRenderer({
    handlerFor: (channel) => handlers.get(channel),
    senderEvent: () => ({ sender: { id: webContents.id }, senderFrame: { url: frameUrl() ?? '', parent: null } }),
    onReply: (channel, reply) => invocations.push(invocationOf(channel, reply)),
  });
  const exposed = runPreload(preloadFile, ipcRenderer);

  const boxOffice = exposed.get('boxOffice') ?? {};
  const exposedNames = Object.keys(boxOffice);

  return {
    exposedNames,
    exposedKeys: [...exposed.keys()],
    invocations,
    eventsSent: () => sent,
    async attach(page, servedIndexUrl) {
      frameUrl = () => asElectronUrl(page.mainFrame().url(), servedIndexUrl, renderer);
      await exposeToPage(page, boxOffice);
    },
    close() {
      closed = true;
      unregister();
    },
  };
}

function invocationOf(channel: string, reply: unknown): Invocation {
  const result = reply as { ok?: boolean; status?: number; errors?: FieldError[] } | null;
  if (result?.ok === true) return { channel, ok: true };
  return {
    channel,
    ok: false,
    ...(result?.status === undefined ? {} : { status: result.status }),
    errors: (result?.errors ?? []).map((error) => ({ path: error.path, code: error.code, message: error.message.en })),
  };
}

/**
 * The URL Electron would report for what the tab shows: our served index page (any hash route) is the
 * renderer's own page; anything else keeps its URL, which the real sender check then refuses.
 */
function asElectronUrl(pageUrl: string, servedIndexUrl: string, renderer: RendererLocation): string {
  const page = new URL(pageUrl);
  const served = new URL(servedIndexUrl);
  const samePage = page.origin === served.origin && (page.pathname === served.pathname || `${page.pathname}index.html` === served.pathname);
  return samePage ? `${renderer.indexUrl}${page.hash}` : pageUrl;
}

/** What crosses the stand-in contextBridge; a function is replaced by a reference to it. */
type Crossing = { callback: number } | { returned: number } | { value: unknown };

type PageRequest =
  | { kind: 'call'; method: string; args: Crossing[] }
  | { kind: 'call-returned'; id: number; args: Crossing[] };

type PageAnswer = { ok: true; value: Crossing } | { ok: false; message: string };

async function exposeToPage(page: Page, boxOffice: Record<string, unknown>): Promise<void> {
  // Functions the preload handed back (unsubscribe), kept until the page is gone.
  const returned = new Map<number, (...args: unknown[]) => unknown>();
  let nextReturned = 1;

  /** A value from the page: a listener it passed becomes a function that calls back into the page. */
  const fromPage = (crossing: Crossing): unknown => {
    if ('callback' in crossing) {
      const id = crossing.callback;
      return (...args: unknown[]) => {
        // The page may be closing or gone (a listener outliving its tab): nothing to deliver to then.
        page
          .mainFrame()
          .evaluate(([name, callbackId, values]) => (window as unknown as Record<string, (id: number, args: unknown[]) => void>)[name]!(callbackId, values), [DISPATCH, id, args] as const)
          .catch(() => undefined);
      };
    }
    if ('returned' in crossing) throw new Error('a function handed out by the preload cannot be passed back into it');
    return crossing.value;
  };

  const toPage = (value: unknown): Crossing => {
    if (typeof value !== 'function') return { value };
    const id = nextReturned++;
    returned.set(id, value as (...args: unknown[]) => unknown);
    return { returned: id };
  };

  await page.exposeBinding(BINDING, async (source, request: PageRequest): Promise<PageAnswer> => {
    // The preload runs in the top frame only (nodeIntegrationInSubFrames is off): no frame below it may call.
    if (source.frame !== page.mainFrame()) return { ok: false, message: 'window.boxOffice exists only in the top frame' };
    try {
      const target = request.kind === 'call' ? boxOffice[request.method] : returned.get(request.id);
      if (typeof target !== 'function') throw new TypeError(request.kind === 'call' ? `boxOffice.${request.method} is not a function` : 'that function is gone');
      const value: unknown = await (target as (...args: unknown[]) => unknown)(...request.args.map(fromPage));
      return { ok: true, value: toPage(value) };
    } catch (error) {
      // contextBridge copies an Error and keeps only its message.
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  });

  await page.addInitScript(
    ({ binding, dispatch, names, synchronous }) => {
      if (window.top !== window) return;
      const call = (window as unknown as Record<string, (request: unknown) => Promise<PageAnswer>>)[binding]!;
      const callbacks = new Map<number, (...args: unknown[]) => unknown>();
      let nextCallback = 1;
      Object.defineProperty(window, dispatch, {
        value: (id: number, args: unknown[]) => callbacks.get(id)?.(...args),
      });

      const crossing = (value: unknown): Crossing => {
        if (typeof value !== 'function') return { value };
        const id = nextCallback++;
        callbacks.set(id, value as (...args: unknown[]) => unknown);
        return { callback: id };
      };
      const answer = (reply: PageAnswer): unknown => {
        if (!reply.ok) throw new Error(reply.message);
        const crossed = reply.value;
        if ('returned' in crossed) {
          const id = crossed.returned;
          return (...args: unknown[]) => settle(call({ kind: 'call-returned', id, args: args.map(crossing) }));
        }
        return 'value' in crossed ? crossed.value : undefined;
      };
      const settle = (pending: Promise<PageAnswer>): Promise<unknown> => pending.then(answer);

      const boxOffice: Record<string, (...args: unknown[]) => unknown> = {};
      for (const name of names) {
        boxOffice[name] = (...args: unknown[]) => {
          const pending = settle(call({ kind: 'call', method: name, args: args.map(crossing) }));
          if (!synchronous.includes(name)) return pending;
          // Answered synchronously across contextBridge, but a binding is asynchronous: hand back a
          // function that calls the real one (unsubscribe) once it has arrived.
          return (...later: unknown[]) => {
            void pending.then((real) => (real as (...args: unknown[]) => unknown)(...later));
          };
        };
      }
      Object.defineProperty(window, 'boxOffice', { value: Object.freeze(boxOffice), enumerable: true });
    },
    { binding: BINDING, dispatch: DISPATCH, names: exposedNamesOf(boxOffice), synchronous: SYNCHRONOUS_METHODS },
  );
}

function exposedNamesOf(boxOffice: Record<string, unknown>): string[] {
  const notFunctions = Object.keys(boxOffice).filter((name) => typeof boxOffice[name] !== 'function');
  // The contract is functions only; a value here would need copying, which the stand-in does not do.
  if (notFunctions.length > 0) throw new Error(`the preload exposed values that are not functions: ${notFunctions.join(', ')}`);
  return Object.keys(boxOffice);
}
