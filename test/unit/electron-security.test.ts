// The desktop window's security checklist, checked on the functions main.ts wires into Electron.
import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, type NavigationEvent, type SessionLike, type WebContentsLike } from '../../src-main/electron/harden.ts';
import {
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decideWindowOpen,
  denyPermissionCheck,
  denyPermissionRequest,
  externalLink,
  isAllowedRequest,
  rendererLocation,
  windowOptions,
  withContentSecurityPolicy,
} from '../../src-main/electron/security.ts';

const renderer = rendererLocation('/opt/TC Box Office/resources/app.asar/out/renderer/index.html');
const asset = new URL('assets/index-abc123.js', renderer.folderUrl).href;

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values] as const;
  }));
}

describe('window options', () => {
  const options = windowOptions({ preloadFile: '/app/out/preload/preload.cjs', devTools: false });

  it('isolates the renderer: context isolation, sandbox, no Node, web security on', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('loads the CommonJS preload (a sandboxed preload cannot be an ES module)', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/preload.cjs');
  });
});

describe('content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it("runs only the app's own scripts: script-src 'self', no eval, no inline code", () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('allows no plugins, no framing, no base or form tricks', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('replaces any policy a response brought, whatever the header spelling', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["script-src *"], 'Content-Type': 'text/html' });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('navigation, new windows and remote content', () => {
  it('keeps the window on our page: reloading it is fine, anything else is refused', () => {
    expect(decideNavigation(`${renderer.indexUrl}#/history`, renderer).allow).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///tmp/index.html', 'javascript:alert(1)', 'about:blank']) {
      expect(decideNavigation(url, renderer)).toEqual({ allow: false, openExternally: null });
    }
  });

  it('opens only https links to Ticketscloud in the system browser', () => {
    expect(decideNavigation('https://ticketscloud.com/orders/1', renderer)).toEqual({ allow: false, openExternally: 'https://ticketscloud.com/orders/1' });
    expect(externalLink('http://ticketscloud.com/')).toBeNull();
    expect(externalLink('https://ticketscloud.com.evil.example/')).toBeNull();
    expect(externalLink('https://user:pass@ticketscloud.com/')).toBeNull();
    expect(externalLink('file:///etc/passwd')).toBeNull();
    expect(externalLink('not a url')).toBeNull();
  });

  it('never opens a new Electron window', () => {
    expect(decideWindowOpen({ url: 'https://evil.example/' })).toMatchObject({ response: { action: 'deny' }, openExternally: null });
    expect(decideWindowOpen({ url: 'https://www.ticketscloud.com/' })).toMatchObject({ response: { action: 'deny' }, openExternally: 'https://www.ticketscloud.com/' });
  });

  it('loads only our built files and inline images, nothing from the network or elsewhere on disk', () => {
    expect(isAllowedRequest(renderer.indexUrl, renderer)).toBe(true);
    expect(isAllowedRequest(asset, renderer)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', renderer)).toBe(true);
    for (const url of [
      'https://ticketscloud.com/v2/resources/orders',
      'http://127.0.0.1:4317/api/status',
      'ws://127.0.0.1:1/',
      'file:///etc/passwd',
      `${renderer.folderUrl}../../../../etc/passwd`,
      `${renderer.folderUrl}%2e%2e/%2e%2e/secret`,
      'file:///opt/TC%20Box%20Office/resources/app.asar/out/renderer-evil/x.js',
    ]) {
      expect(isAllowedRequest(url, renderer), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const callback = vi.fn();
    denyPermissionRequest({}, 'media', callback);
    denyPermissionRequest({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(denyPermissionCheck()).toBe(false);
  });
});

describe('hardening wired into Electron hooks', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: NavigationEvent) => void>();
    let windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    const contents = {
      on: vi.fn((event: string, listener: (event: NavigationEvent) => void) => listeners.set(event, listener)),
      setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => unknown) => {
        windowOpenHandler = handler;
      }),
    };
    const fire = (name: string, url: string, isMainFrame = true) => {
      const event = { url, isMainFrame, preventDefault: vi.fn() };
      listeners.get(name)?.(event);
      return event.preventDefault.mock.calls.length > 0;
    };
    const open = (url: string) => windowOpenHandler?.({ url });
    return { contents: contents as unknown as WebContentsLike, fire, open };
  }

  it('refuses navigation away from our page, redirects, sub-frame navigation and webviews', () => {
    const { contents, fire } = fakeContents();
    const openExternal = vi.fn(async () => {});
    hardenWebContents(contents, renderer, openExternal);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', `${renderer.indexUrl}#/`)).toBe(false);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(fire('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('sends an allow-listed link to the system browser once, and denies the window', () => {
    const { contents, fire, open } = fakeContents();
    const openExternal = vi.fn(async () => {});
    hardenWebContents(contents, renderer, openExternal);
    expect(fire('will-navigate', 'https://ticketscloud.com/help')).toBe(true);
    expect(open('https://ticketscloud.com/orders')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://ticketscloud.com/help'], ['https://ticketscloud.com/orders']]);
  });

  it('makes the session deny permissions, cancel remote requests and add the CSP header', () => {
    const captured: {
      request?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
      check?: () => boolean;
      device?: () => boolean;
      beforeRequest?: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
      headers?: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;
    } = {};
    const session = {
      setPermissionRequestHandler: (handler: typeof captured.request) => (captured.request = handler),
      setPermissionCheckHandler: (handler: typeof captured.check) => (captured.check = handler),
      setDevicePermissionHandler: (handler: typeof captured.device) => (captured.device = handler),
      webRequest: {
        onBeforeRequest: (handler: typeof captured.beforeRequest) => (captured.beforeRequest = handler),
        onHeadersReceived: (handler: typeof captured.headers) => (captured.headers = handler),
      },
    };
    hardenSession(session as unknown as SessionLike, renderer);

    const granted = vi.fn();
    captured.request?.({}, 'geolocation', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(captured.check?.()).toBe(false);
    expect(captured.device?.()).toBe(false);

    const decisions: { cancel?: boolean }[] = [];
    captured.beforeRequest?.({ url: 'https://cdn.example/tracker.js' }, (response) => decisions.push(response));
    captured.beforeRequest?.({ url: asset }, (response) => decisions.push(response));
    expect(decisions).toEqual([{ cancel: true }, { cancel: false }]);

    let headers: Record<string, string[]> | undefined;
    captured.headers?.({ responseHeaders: {} }, (response) => (headers = response.responseHeaders));
    expect(headers?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});
