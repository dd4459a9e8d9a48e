// The core, as every screen and panel reaches it: provided once by App (from main.ts's createClient())
// and read where it is needed, instead of being handed down through every component's props. Tests
// provide their fake the same way (`apiContext(api)` as the component's context).
import { getContext, setContext } from 'svelte';
import type { BoxOfficeApi } from './client.ts';

const API_KEY = Symbol('box-office api');

/** In App's setup: every component below it reads this api. */
export function provideApi(api: BoxOfficeApi): void {
  setContext(API_KEY, api);
}

/** In a component's setup. Throws when nothing above provided one: a wiring bug, not a runtime state. */
export function useApi(): BoxOfficeApi {
  const api = getContext<BoxOfficeApi | undefined>(API_KEY);
  if (api === undefined) throw new Error('useApi: no BoxOfficeApi was provided (App calls provideApi)');
  return api;
}

/** The context a component rendered on its own (a test) needs. */
export function apiContext(api: BoxOfficeApi): Map<symbol, BoxOfficeApi> {
  return new Map([[API_KEY, api]]);
}
