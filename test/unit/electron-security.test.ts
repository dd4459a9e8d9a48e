// The desktop window's security checklist, checked on the functions main.ts wires into Electron.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler } from '../../src-main/electron/app-protocol.ts';
import { hardenSession, hardenWebContents, type NavigationEvent, type SessionLike, type WebContentsLike } from '../../src-main/electron/harden.ts';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decideWindowOpen,
  denyPermissionCheck,
  denyPermissionRequest,
  externalLink,
  isAllowedRequest,
  isRendererPage,
  isTrustedSender,
  rendererLocation,
  windowOptions,
  withContentSecurityPolicy,
} from '../../src-main/electron/security.ts';

const renderer = rendererLocation('/opt/TC Box Office/resources/app.asar/out/renderer');
/** Where the renderer was loaded from before it had its own scheme: now refused like any file:// URL. */
const oldFileUrl = 'file:///opt/TC%20Box%20Office/resources/app.asar/out/renderer/index.html';
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
    const required: [setting: string, value: boolean][] = [
      ['contextIsolation', true],
      ['sandbox', true],
      ['nodeIntegration', false],
      ['nodeIntegrationInWorker', false],
      ['nodeIntegrationInSubFrames', false],
      ['webSecurity', true],
      ['allowRunningInsecureContent', false],
      ['webviewTag', false],
      ['experimentalFeatures', false],
      ['devTools', false],
    ];
    expect(options.webPreferences).toMatchObject(Object.fromEntries(required));
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
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///tmp/index.html', oldFileUrl, 'app://evil/index.html', 'app://renderer/other.html', 'javascript:alert(1)', 'about:blank']) {
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
      oldFileUrl,
      'file:///opt/TC%20Box%20Office/resources/app.asar/out/renderer/assets/index-abc123.js',
      'app://evil/x.js',
      'app://renderer.evil.example/x.js',
    ]) {
      expect(isAllowedRequest(url, renderer), url).toBe(false);
    }
  });
});

describe('the renderer\'s own scheme, app://renderer/', () => {
  it('is registered standard and secure (an origin for \'self\', a secure context), and loosens nothing', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    expect(renderer).toMatchObject({ indexUrl: 'app://renderer/index.html', folderUrl: 'app://renderer/' });
  });

  it('is the only page the IPC handlers trust: our window, top frame, app://renderer/index.html', () => {
    const trusted = { webContentsId: 7, renderer };
    expect(isRendererPage('app://renderer/index.html#/orders/5f2a0c9e1b2c3d4e5f607182', renderer)).toBe(true);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'app://renderer/index.html#/search', isMainFrame: true }, trusted)).toBe(true);
    for (const frameUrl of [oldFileUrl, 'app://evil/index.html', 'https://evil.example/', 'app://renderer/assets/x.html']) {
      expect(isTrustedSender({ webContentsId: 7, frameUrl, isMainFrame: true }, trusted), frameUrl).toBe(false);
    }
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'app://renderer/index.html', isMainFrame: false }, trusted)).toBe(false);
  });

  describe('its handler', () => {
    let folder: string;
    let handle: ReturnType<typeof createAppProtocolHandler>;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'tc-app-protocol-'));
      const rendererDir = join(folder, 'renderer');
      mkdirSync(join(rendererDir, 'assets'), { recursive: true });
      mkdirSync(join(folder, 'outside'));
      writeFileSync(join(folder, 'outside', 'passwd'), 'root:x:0:0:secret');
      writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title><script type="module" src="./assets/app.js"></script>');
      writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("box office")');
      writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body { margin: 0 }');
      writeFileSync(join(rendererDir, '.env'), 'TICKETSCLOUD_API_KEY=secret');
      symlinkSync(join(folder, 'outside', 'passwd'), join(rendererDir, 'passwd'));
      symlinkSync(join(folder, 'outside'), join(rendererDir, 'linked'));
      handle = createAppProtocolHandler(rendererLocation(rendererDir));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('serves the page and its assets with their types, the CSP and nosniff', async () => {
      for (const url of ['app://renderer/index.html', 'app://renderer/', 'app://renderer/index.html?x=1#/search']) {
        const page = await handle(new Request(url));
        expect(page.status, url).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
        expect(page.headers.get('x-content-type-options')).toBe('nosniff');
        expect(await page.text()).toContain('Касса');
      }
      // A module script must come with a JavaScript type, or Chromium refuses to run it.
      expect((await handle(new Request('app://renderer/assets/app.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await handle(new Request('app://renderer/assets/app.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
      const head = await handle(new Request('app://renderer/assets/app.js', { method: 'HEAD' }));
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });

    it('serves nothing outside the folder: no symlink out, no dotfile, no .., no other host, no folder', async () => {
      for (const url of [
        'app://renderer/passwd',
        'app://renderer/linked/passwd',
        'app://renderer/.env',
        'app://renderer/%2eenv',
        'app://renderer/../outside/passwd',
        'app://renderer/%2e%2e/outside/passwd',
        'app://renderer/assets/..%2f..%2foutside%2fpasswd',
        'app://renderer/assets/..%5c..%5coutside%5cpasswd',
        'app://renderer/assets',
        'app://renderer/assets/',
        'app://renderer//assets/app.js',
        'app://renderer/missing.js',
        'app://evil/index.html',
      ]) {
        const answer = await handle(new Request(url));
        expect(answer.status, url).toBe(404);
        expect(await answer.text(), url).not.toContain('secret');
      }
      expect((await handle(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    });
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
