// The few HTTP chores the sandbox needs, on node:http: reading a bounded body, writing an answer.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function htmlReply(status: number, html: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: '' };
}

export function send(res: ServerResponse, reply: Reply): void {
  // The client may have gone (timeout, dropped socket): nothing to answer then.
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

/** Request bodies larger than this are refused (413) without being read further. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The whole request body, or null when it is larger than MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
