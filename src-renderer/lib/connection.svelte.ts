// Whether the renderer can reach the core at all. Only the HTTP transport can lose it (the bridge
// process stopped, or the page has no valid token); over Electron IPC it stays `ok`.
export type Reachability = 'ok' | 'unreachable' | 'unauthorized';

class Connection {
  state = $state<Reachability>('ok');

  report(state: Reachability): void {
    if (this.state !== state) this.state = state;
  }
}

export const connection = new Connection();
