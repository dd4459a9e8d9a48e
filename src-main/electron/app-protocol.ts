// The handler of the app:// scheme (security.ts): answers the renderer's requests with the files of the
// built renderer folder and nothing else. Which file a URL names is core/renderer-files.ts's rule (the
// bridge serves browser mode by the same one): a regular file inside the folder, no dotfile, nothing a
// symlink or `..` leads to outside it. Every answer carries the renderer's CSP. Uses only web-standard
// Request/Response and fs, so it is tested in plain Node; main.ts hands it to protocol.handle.
import { promises as fs } from 'node:fs';
import { extname } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy.ts';
import { rendererFile } from '../core/renderer-files.ts';
import { APP_HOST, APP_SCHEME, type RendererLocation } from './security.ts';

/** What electron-vite's renderer build contains; anything else is sent as opaque bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // A new build must show at the next start, never a cached old asset.
  'Cache-Control': 'no-cache',
};

export type AppProtocolHandler = (request: Request) => Promise<Response>;

export function createAppProtocolHandler(renderer: Pick<RendererLocation, 'folder'>): AppProtocolHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return plain(404, 'Not found');
    const file = await rendererFile(renderer.folder, url.pathname);
    if (file === null) return plain(404, 'Not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...HEADERS, 'Content-Type': type, 'Content-Length': String(body.length) },
    });
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
