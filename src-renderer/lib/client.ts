// The renderer's one way to the core: a BoxOfficeApi (src-main/core/contract.ts). In the desktop app
// the preload puts one on `window.boxOffice` (IPC); in browser mode we speak HTTP + SSE to the bridge.
// Nothing above this file knows which one it got.
import type { BoxOfficeApi } from '../../src-main/core/contract.ts';
import { connection } from './connection.svelte.ts';
import { createHttpClient } from './http-client.ts';
import { takeBridgeToken } from './token.ts';

export type { BoxOfficeApi };

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function createClient(): BoxOfficeApi {
  if (window.boxOffice) return window.boxOffice;
  const token = takeBridgeToken({ location: window.location, history: window.history, storage: sessionStore() });
  if (!token) connection.report('unauthorized');
  return createHttpClient({ baseUrl: '', token, onReachability: (state) => connection.report(state) });
}
