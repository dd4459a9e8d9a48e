// The Electron preload (src-main/electron/preload.ts) exposes the core's API through contextBridge
// under this name. In browser mode it is absent and lib/client.ts talks HTTP to the bridge instead.
import type { BoxOfficeApi } from '../../src-main/core/contract.ts';

declare global {
  interface Window {
    boxOffice?: BoxOfficeApi;
  }
}

export {};
