// The desktop window's security policy as data and small decisions, so each rule is unit-tested without
// Electron: the window's webPreferences, the Content-Security-Policy, which URLs the renderer may load,
// navigate to or open, which IPC senders are ours, and "no" to every permission. main.ts only wires these
// into Electron's hooks. Type-only imports from electron: nothing here needs the binary.
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy.ts';
import { RENDERER_INDEX } from '../core/renderer-files.ts';
import type { BrowserWindowConstructorOptions, CustomScheme, HandlerDetails, WindowOpenHandlerResponse } from 'electron';

/** The renderer runs under one CSP in both transports (see core/content-security-policy.ts). */
export { CONTENT_SECURITY_POLICY };

/**
 * Links the clerk may follow out of the app (to the Ticketscloud web interface), opened in the system
 * browser. Everything else a link or window.open asks for is simply refused.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['ticketscloud.com', 'www.ticketscloud.com'];

export interface WindowSecurityOptions {
  preloadFile: string;
  /** Developer tools only in unpackaged builds: a counter PC has no use for a console into the renderer. */
  devTools: boolean;
}

export function windowOptions({ preloadFile, devTools }: WindowSecurityOptions): BrowserWindowConstructorOptions {
  return {
    title: 'TC Box Office',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false, // shown on 'ready-to-show': no white flash on the counter screen
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  };
}

/** Response headers with our CSP, replacing whatever policy (any spelling of the header) was there. */
export function withContentSecurityPolicy(headers: Record<string, string | string[]> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/**
 * The renderer is served from its own scheme, `app://renderer/…` (app-protocol.ts), not from file://: a
 * file:// page may read any file on the disk (Electron grants it more than a browser would), and the
 * GrantFileProtocolExtraPrivileges fuse can only be turned off once nothing loads from file://. The
 * scheme serves the files of one folder and nothing else, and gives the page a real origin for 'self'.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * For protocol.registerSchemesAsPrivileged, before 'ready'. standard: URLs with a host, relative URLs
 * and an origin (what `'self'` in the CSP means); secure: a secure context like https. Nothing that
 * loosens the page: no bypassCSP, no corsEnabled (other origins may not read it), no service workers.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Where the renderer lives; every "is this ours?" question is answered against it. */
export interface RendererLocation {
  /** app://renderer/index.html */
  indexUrl: string;
  /** app://renderer/ (with the trailing slash) */
  folderUrl: string;
  /** The built renderer on disk (out/renderer, inside app.asar when packaged): all the scheme serves. */
  folder: string;
}

export function rendererLocation(folder: string): RendererLocation {
  return { indexUrl: `${APP_ORIGIN}/${RENDERER_INDEX}`, folderUrl: `${APP_ORIGIN}/`, folder };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Our index page, whatever hash route or query it shows. */
export function isRendererPage(url: string, renderer: RendererLocation): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:`) return false;
  parsed.hash = '';
  parsed.search = '';
  return parsed.href === renderer.indexUrl;
}

/**
 * "No remote content": the window may load our built files (app://renderer/…) and inline data: images
 * (CSP allows `img-src data:`), nothing from the network and no file:// at all. URL parsing has already
 * resolved any `..`, so a prefix check on the folder URL cannot be walked out of; the scheme's handler
 * checks the file itself again. (The core's HTTP client runs in the main process and never goes through
 * this.)
 */
export function isAllowedRequest(url: string, renderer: RendererLocation): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol === 'data:' || parsed.protocol === 'devtools:') return true;
  return parsed.protocol === `${APP_SCHEME}:` && parsed.href.startsWith(renderer.folderUrl);
}

/** An https link to an allow-listed host, or null: what `shell.openExternal` may be given. */
export function externalLink(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  return EXTERNAL_LINK_HOSTS.includes(parsed.hostname) ? parsed.href : null;
}

export interface LinkDecision {
  /** Only our own index page may be (re)loaded in the window. */
  allow: boolean;
  /** Set when a refused link may be shown in the system browser instead. */
  openExternally: string | null;
}

/**
 * will-navigate: the app is one page with hash routes (which do not navigate). Reloading our own page is
 * allowed; anything else is refused, and an allow-listed https link goes to the system browser.
 */
export function decideNavigation(url: string, renderer: RendererLocation): LinkDecision {
  if (isRendererPage(url, renderer)) return { allow: true, openExternally: null };
  return { allow: false, openExternally: externalLink(url) };
}

/** window.open and target=_blank: never a new Electron window. */
export function decideWindowOpen(details: Pick<HandlerDetails, 'url'>): LinkDecision & { response: WindowOpenHandlerResponse } {
  return { allow: false, openExternally: externalLink(details.url), response: { action: 'deny' } };
}

/** Camera, geolocation, notifications, clipboard reads, HID, …: the box office needs none of them. */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/** Who sent an IPC message: the web contents and the frame inside it. */
export interface IpcSender {
  webContentsId: number;
  /** null when the frame is gone (navigated away or destroyed) before the message was handled. */
  frameUrl: string | null;
  /** Whether the sending frame is the top frame (no iframe of ours ever talks to main). */
  isMainFrame: boolean;
}

/** Only our window's top frame showing our own index page may call the core. */
export function isTrustedSender(sender: IpcSender, trusted: { webContentsId: number; renderer: RendererLocation }): boolean {
  return (
    sender.webContentsId === trusted.webContentsId &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isRendererPage(sender.frameUrl, trusted.renderer)
  );
}
