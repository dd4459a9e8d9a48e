// Applies security.ts's decisions to Electron's hooks: the session (permissions, requests, CSP header)
// and every web contents (navigation, new windows, webviews). Electron objects come in as parameters
// (type-only imports), so tests hand in fakes and fire the hooks themselves.
import type { Session, Shell, WebContents } from 'electron';
import {
  decideNavigation,
  decideWindowOpen,
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedRequest,
  isRendererPage,
  withContentSecurityPolicy,
  type LinkDecision,
  type RendererLocation,
} from './security.ts';

export type OpenExternal = Shell['openExternal'];

export interface SessionLike {
  setPermissionRequestHandler: Session['setPermissionRequestHandler'];
  setPermissionCheckHandler: Session['setPermissionCheckHandler'];
  setDevicePermissionHandler: Session['setDevicePermissionHandler'];
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest' | 'onHeadersReceived'>;
}

export function hardenSession(session: SessionLike, renderer: RendererLocation): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(() => false);
  // No remote content: the window loads our files (app://renderer/) and nothing else, not even file://,
  // whatever a page asks for.
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, renderer) }));
  // The app:// handler puts the CSP on every answer itself (app-protocol.ts) and the page repeats it in a
  // <meta>; this replaces any policy on whatever other response Electron delivers headers for.
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) }),
  );
}

/** The navigation events Electron passes; only the fields the decisions read. */
export interface NavigationEvent {
  url: string;
  isMainFrame?: boolean;
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler: WebContents['setWindowOpenHandler'];
}

export function hardenWebContents(
  contents: WebContentsLike,
  renderer: RendererLocation,
  openExternal: OpenExternal,
  onError: (error: unknown) => void = console.error,
): void {
  const follow = (decision: LinkDecision): void => {
    if (decision.openExternally !== null) openExternal(decision.openExternally).catch(onError);
  };
  // The top frame: refuse, and maybe show the link in the system browser.
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, renderer);
    if (decision.allow) return;
    event.preventDefault();
    follow(decision);
  });
  // Sub-frames (will-navigate does not see them): the app has no frames, so none may navigate.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame === false) event.preventDefault();
  });
  // A redirect can only lead away from our page.
  contents.on('will-redirect', (event) => {
    if (!isRendererPage(event.url, renderer)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    const decision = decideWindowOpen(details);
    follow(decision);
    return decision.response;
  });
}
