// A stretch of network between the box office and the (still running) sandbox that a test can cut and
// restore: a TCP relay on 127.0.0.1. Cut, its port refuses connections and every open one is dropped, just
// as when the venue's line goes down; the sandbox keeps serving other writers meanwhile.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface NetworkSwitch {
  /** http://127.0.0.1:PORT — give this to the client instead of the sandbox's own URL. */
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function networkSwitch(targetUrl: string): Promise<NetworkSwitch> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  function relay(client: Socket): void {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async function up(): Promise<void> {
    if (server !== null) return;
    const listening = createServer(relay);
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    const address = listening.address();
    if (address === null || typeof address === 'string') throw new Error('the relay has no port');
    port = address.port;
    server = listening;
  }

  async function down(): Promise<void> {
    const listening = server;
    if (listening === null) return;
    server = null;
    const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  await up();
  return { url: `http://127.0.0.1:${port}`, down, up, close: down };
}
