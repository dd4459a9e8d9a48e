// The HTTP transport of headless and browser mode: the contract's BoxOfficeApi over JSON + Server-Sent
// Events, nothing more. Routing, body limits and parsing are Fastify's; the rules (token, origin, error
// shape, every route and parameter) are docs/bridge-api.md. No business logic lives here.
import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import type { CoreApi, Result } from '../core/contract.ts';
import { dispatch } from '../core/dispatch.ts';
import { checkArguments } from '../core/schemas/arguments.ts';
import { CONTRACT_METHODS, HTTP_ROUTES } from '../core/transport-routes.ts';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy.ts';
import { rendererFile } from '../core/renderer-files.ts';
import {
  BAD_REQUEST,
  bodyTooLarge,
  FORBIDDEN_HOST,
  FORBIDDEN_ORIGIN,
  INTERNAL_ERROR,
  INVALID_JSON,
  NOT_FOUND,
  tooManyEventStreams,
  UNAUTHORIZED,
  UNSUPPORTED_MEDIA_TYPE,
  type ErrorAnswer,
} from './errors.ts';
import { openEventStream, type EventStream } from './event-stream.ts';
import { bearerToken, createTokenCheck, ownOrigins } from './guards.ts';
import { httpArguments } from './http-arguments.ts';

export const BODY_LIMIT_BYTES = 256 * 1024;
/**
 * Every open stream gets every event written to it: thousands of them (a script, a runaway tab) made each
 * save slow for everyone. A counter needs one per tab; past this many a new one is refused with 429 (the
 * renderer's EventSource reconnects later by itself).
 */
export const MAX_EVENT_STREAMS = 32;
/** Seconds a refused event stream is told to wait before trying again. */
const EVENT_STREAM_RETRY_AFTER_S = 5;
export const DEFAULT_PORT = 4317;
const EVENTS_ROUTE = '/api/events';

/** Sent with every answer. The renderer keeps its CSS in files, so no inline styles or scripts are allowed. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface BridgeOptions {
  /** The core; the bridge streams the history export with its historyCsvChunks. */
  api: CoreApi;
  /** The bearer token every /api request must carry. */
  token: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Loopback only: the bridge is a local transport, never a network service. */
  host?: '127.0.0.1';
  /** The built renderer (out/renderer), served at `/` when given. */
  rendererDir?: string;
  heartbeatMs?: number;
  /** Where unexpected errors go (never request URLs: /api/events may carry the token). */
  logError?: (message: string, error: unknown) => void;
}

export interface Bridge {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function createBridge(options: BridgeOptions): Promise<Bridge> {
  const { api } = options;
  const host = options.host ?? '127.0.0.1';
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const tokenMatches = createTokenCheck(options.token);
  // Known once the server listens (port 0 = any); no request can arrive before that.
  let own = ownOrigins(options.port ?? DEFAULT_PORT);
  const eventStreams = new Set<EventStream>();

  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: true });

  // JSON only. Dropping the default text/plain parser matters: a foreign page can POST text/plain without
  // a CORS preflight. An empty JSON body is allowed (cancel/retry/pause send none).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('invalid JSON body'), { statusCode: 400, code: 'BRIDGE_INVALID_JSON' }), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!own.hosts.has(request.headers.host ?? '')) return answer(reply, FORBIDDEN_HOST);
    if (origin !== undefined && !own.origins.has(origin)) return answer(reply, FORBIDDEN_ORIGIN);
    // The route's pattern too, in case the path was spelt with escapes the router decodes.
    if (!isApiPath(request.url) && !isApiPath(request.routeOptions.url ?? '')) return;
    let token = bearerToken(request.headers.authorization);
    if (token === undefined && request.method === 'GET' && request.routeOptions.url === EVENTS_ROUTE) {
      const query = request.query as Record<string, unknown>;
      if (typeof query.token === 'string') token = query.token;
    }
    if (!tokenMatches(token)) {
      reply.header('WWW-Authenticate', 'Bearer');
      return answer(reply, UNAUTHORIZED);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (isApiPath(request.url)) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return answer(reply, bodyTooLarge(BODY_LIMIT_BYTES));
      case 'BRIDGE_INVALID_JSON':
        return answer(reply, INVALID_JSON);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return answer(reply, UNSUPPORTED_MEDIA_TYPE);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return answer(reply, { ...BAD_REQUEST, status: error.statusCode });
    }
    logError('bridge: unexpected error', error);
    return answer(reply, INTERNAL_ERROR);
  });

  app.setNotFoundHandler((_request, reply) => answer(reply, NOT_FOUND));

  // Every contract method from the one transport table: HTTP's strings become named arguments, the shared
  // rules check them (core/dispatch.ts, the same code IPC uses), the answer is sent as the table says.
  for (const method of CONTRACT_METHODS) {
    const route = HTTP_ROUTES[method];
    app.route({
      method: route.verb,
      url: route.path,
      handler: async (request, reply) => {
        const named = httpArguments(route, { params: request.params, query: request.query, body: request.body });
        if (!named.ok) return fail(reply, named);
        if (route.answer === 'csv') return sendCsv(reply, named.value);
        const answered = await dispatch(api, method, named.value);
        if (!answered.ok) return fail(reply, answered);
        const key: string | undefined = 'answerKey' in route ? route.answerKey : undefined;
        return reply.code('created' in route ? 201 : 200).send(key === undefined ? answered.value : { [key]: answered.value });
      },
    });
  }

  /** The history export is streamed chunk by chunk as the core reads it: never the whole history in memory. */
  function sendCsv(reply: FastifyReply, named: Record<string, unknown>): FastifyReply {
    const options = checkArguments('historyCsv', named);
    if (!options.ok) return fail(reply, options);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="box-office-history.csv"')
      .send(Readable.from(api.historyCsvChunks(options.value.options)));
  }

  // No automatic HEAD twin: a HEAD request would open a stream that never ends.
  app.get(EVENTS_ROUTE, { exposeHeadRoute: false }, (_request, reply) => {
    if (eventStreams.size >= MAX_EVENT_STREAMS) {
      reply.header('Retry-After', String(EVENT_STREAM_RETRY_AFTER_S));
      return answer(reply, tooManyEventStreams(MAX_EVENT_STREAMS));
    }
    reply.hijack();
    const stream = openEventStream(reply.raw, api, {
      headers: { ...SECURITY_HEADERS },
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      onClose: () => eventStreams.delete(stream),
    });
    eventStreams.add(stream);
  });

  if (options.rendererDir !== undefined) {
    // Which file a path names is decided by rendererFile (regular files inside the folder only, no
    // dotfiles, no symlink out of it); @fastify/static then only sends it (types, ETag, ranges).
    const root = await realpath(resolve(options.rendererDir));
    await app.register(fastifyStatic, { root, serve: false, dotfiles: 'ignore', index: false });
    app.get('/*', async (request, reply) => {
      if (isApiPath(request.url)) return answer(reply, NOT_FOUND);
      // The raw path, still percent-encoded: rendererFile decodes each name itself.
      const file = await rendererFile(root, request.url.replace(/\?.*$/s, ''));
      if (file === null) return answer(reply, NOT_FOUND);
      return reply.sendFile(relative(root, file).split(sep).join('/'));
    });
  }

  // Open event streams never end by themselves: close them first, or closing the server waits forever.
  app.addHook('preClose', async () => {
    for (const stream of [...eventStreams]) stream.close();
  });

  await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_PORT);
  own = ownOrigins(port);

  return {
    url: `http://${host}:${port}`,
    port,
    close: () => app.close(),
  };
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function answer(reply: FastifyReply, error: ErrorAnswer): FastifyReply {
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body);
}

function fail(reply: FastifyReply, result: Extract<Result<unknown>, { ok: false }>): FastifyReply {
  return answer(reply, { status: result.status, body: { errors: result.errors } });
}
