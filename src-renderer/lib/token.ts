// Browser mode: the bridge prints `http://127.0.0.1:PORT/#token=…`. The fragment never reaches a server
// or a log; we move the token into sessionStorage (it survives a reload of this tab, not a new tab)
// and wipe it from the address bar so it is not copied along with the URL.
const TOKEN_KEY = 'box-office.bridge-token';

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export function takeBridgeToken(place: TokenPlace): string | null {
  const fragment = new URLSearchParams(place.location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    try {
      place.storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage refused: the token still works until the tab is reloaded.
    }
    place.history.replaceState(null, '', place.location.pathname + place.location.search);
    return fromUrl;
  }
  try {
    return place.storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}
