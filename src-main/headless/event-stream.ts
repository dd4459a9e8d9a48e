// `GET /api/events`: the core's events as Server-Sent Events. Each event is `data: <json>\n\n`; a comment
// line every 15 s keeps the connection open through idle periods. Written straight to the socket (the
// reply is hijacked from Fastify), so the stream owns its headers.
import type { ServerResponse } from 'node:http';
import type { ApiEvent, BoxOfficeApi } from '../core/contract.ts';

export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting after the stream drops. */
const RECONNECT_MS = 2_000;
/**
 * A client that stops reading (a frozen tab) must not make the bridge buffer events without end; past
 * this much unsent data its stream is closed and EventSource reconnects, then refetches what it shows.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface EventStream {
  close(): void;
}

export function openEventStream(
  response: ServerResponse,
  api: BoxOfficeApi,
  options: { headers: Record<string, string>; heartbeatMs?: number; onClose: () => void },
): EventStream {
  response.writeHead(200, {
    ...options.headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  let closed = false;
  const write = (chunk: string): void => {
    if (closed) return;
    response.write(chunk);
    if (response.writableLength > MAX_BUFFERED_BYTES) close();
  };
  const send = (event: ApiEvent): void => write(`data: ${JSON.stringify(event)}\n\n`);

  write(`retry: ${RECONNECT_MS}\n\n`);
  const unsubscribe = api.subscribe(send);
  // The first event tells a new (or reconnected) client where the engine stands.
  void api.status().then((status) => send({ type: 'engine', status }));
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    response.end();
    options.onClose();
  }
  response.on('close', close);
  return { close };
}
