// The sync engine: sends the outbox to Ticketscloud.
//
// - One lane per order: at most ONE request in flight per order (the API answers 409 to a second one).
//   Across restarts too: an edit left `sending` is sent again before anything newer (engine-store.ts).
// - Lanes of different orders run in parallel, at most `concurrency` at once.
// - The database is the state. In memory there are only caches of it: which orders have due work
//   (`ready`), which are waiting for a retry time (`waiting`), which have a request in flight (`lanes`).
//   Kill the process at any line and start() rebuilds them from SQLite.
// - One timer wakes the engine at the earliest retry time; kick() wakes it when an edit was saved.
//   Retry times are kept on a steady clock (performance.now), so moving the wall clock neither parks an
//   edit nor fires every retry at once; the wall clock only stamps what the clerk reads.
// - Other writers change the same orders (web shop, other counters): every PATCH is built from a copy of
//   the order fetched just before it, by the same lane (GET, then PATCH: still one request at a time),
//   unless the lane's own answer arrived moments ago. Fields changed by someone else since the clerk saw
//   them are recorded as conflicts (edits/three-way.ts).
// - Offline (a request found no server) nothing is sent; connectivity.ts probes on a backoff and the first
//   answer brings the engine back, which drains by itself.
//
// What happens to an edit after each kind of outcome is policy.ts; what is written is engine-store.ts.
import { askCopySequence } from '../cache/copy-sequence.ts';
import { copySeqOf, getCachedOrder, type CachedOrder } from '../cache/read.ts';
import { engineStateOf, type ApiEvent, type EditConflict, type EngineState, type PauseReason, type StatusDto } from '../contract.ts';
import { holdCheckpointsOffLoop, type Db, type Sqlite } from '../db/open.ts';
import { buildPatch, unresolvedPromocodeIds } from '../edits/build-patch.ts';
import { utcMinute } from '../edits/editable.ts';
import { findConflicts } from '../edits/three-way.ts';
import { reservationEndedBeforeSending } from '../ticketscloud/refusal-advice.ts';
import { countOpenEdits, queuedWorkAtRisk, toEditDto } from '../outbox/edit-rows.ts';
import type { TicketscloudClient } from '../ticketscloud/client.ts';
import type { Outcome } from '../ticketscloud/outcome.ts';
import type { OrderResponse } from '../ticketscloud/types.ts';
import {
  cacheFetchedOrder,
  claimBatch,
  dueAtOf,
  editRows,
  lastSyncedAt,
  queuedOrdersAfter,
  recordAuthRefused,
  recordFailed,
  recordRetry,
  recordSynced,
  reservationEndOf,
  type ClaimedBatch,
  type FetchedCopy,
  type SyncedAnswer,
} from './engine-store.ts';
import { eventChannel } from '../event-channel.ts';
import { createConnectivity } from './connectivity.ts';
import { DEFAULT_POLICY, nextAction, steadyDueTime, type Random, type SyncPolicy } from './policy.ts';
import { FreshCopies } from './fresh-copies.ts';
import { createTurns } from './turns.ts';
import { holdAutomergeOff, mergeStep, SMALL_MERGE_STEP_LEAF_PAGES } from '../search/index-merges.ts';
import { ReadyQueue } from './ready-queue.ts';

/** The part of the Ticketscloud client the engine uses. */
export type SyncClient = Pick<TicketscloudClient, 'patchOrder' | 'getOrder' | 'probe' | 'setApiKey'>;

export interface SyncEngineOptions {
  sqlite: Sqlite;
  db: Db;
  client: SyncClient;
  /** Orders sent in parallel. */
  concurrency?: number;
  /** Delays (tests and the bench use milliseconds where the app uses seconds). */
  policy?: Partial<SyncPolicy>;
  /** The wall clock (ms since the epoch): stamps edits and log rows. Tests move it to check clock changes. */
  now?: () => number;
  /** A clock the wall clock cannot move (ms, any origin): retry times and the fresh-copy window run on it. */
  steadyNow?: () => number;
  random?: Random;
  /** A bug inside the engine (never an HTTP failure: those are outcomes). Defaults to console.error. */
  onInternalError?: (error: unknown) => void;
  /**
   * Start in `paused:auth`: there is no API key yet (a first start of the desktop app). Sending would
   * only earn 401s; the clerk is asked for a key at once instead, and setApiKey resumes.
   */
  startPausedForAuth?: boolean;
}

export interface SyncEngine {
  start(): void;
  /** Stops sending and waits for the requests in flight (their outcomes are recorded). */
  stop(): Promise<void>;
  /** New work was saved (or a failed edit retried): look at that order (or at the whole outbox) now. */
  kick(orderId?: string): void;
  pause(): void;
  resume(): void;
  /** Gives the client a new key and resumes after the old one was refused. */
  setApiKey(key: string): void;
  /** GET the order into the cache through its lane (never beside a PATCH of it); resolves when merged or refused. */
  refresh(orderId: string): Promise<void>;
  status(): StatusDto;
  state(): EngineState;
  /** Orders the in-memory queue holds (due now or waiting for a retry time); lanes in flight not counted. */
  queuedOrders(): number;
  on(listener: (event: ApiEvent) => void): () => void;
  /**
   * Resolves when no request is in flight and the engine has nothing more to do by itself: the outbox has
   * no queued edits, or the engine is paused. While offline with edits queued it is not idle: it probes.
   */
  idle(): Promise<void>;
}

/** The server lists a promocode on the order but not its code: sending the list would remove it. */
const UNNAMED_PROMOCODES: Outcome<never> = {
  kind: 'permanent',
  status: 0,
  errors: [],
  message:
    'Ticketscloud did not name a promocode already on this order (missing from refs); sending the list of codes could remove it, so this edit was not sent',
};

/** Orders read back from the outbox per turn of the event loop when the queue is rebuilt (a few ms each). */
const REBUILD_CHUNK_ORDERS = 500;

/** What one lane turn brought back: the outcome, and for a PATCH its request number and the conflicts it replaced. */
interface Sent {
  outcome: Outcome<OrderResponse>;
  /** Set when the outcome is the PATCH's answer (not the GET's before it). */
  askedSeq?: number;
  conflicts?: EditConflict[];
  /**
   * The copy the lane fetched to build the PATCH on. It is committed with the outcome, in the same
   * transaction, and not at all when the PATCH's answer is stored: that answer is newer and replaces it.
   */
  fetched?: FetchedCopy | null;
}

/** A copy to build the PATCH on, and the copy fetched for it, if one was (it is not in the cache yet). */
interface BuildCopy {
  outcome: Outcome<CachedOrder>;
  fetched: FetchedCopy | null;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { sqlite, db, client } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const policy: SyncPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const now = options.now ?? Date.now;
  const steadyNow = options.steadyNow ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const onInternalError = options.onInternalError ?? ((error: unknown) => console.error('sync engine:', error));

  const ready = new ReadyQueue(); // due now: the reservations that end soonest first, then the rest as they came
  const waiting = new Map<string, number>(); // order → when (steady clock) its oldest edit may be tried again
  const lanes = new Map<string, Promise<void>>(); // orders with a request in flight
  // While any lane is open the engine writes in bulk: WAL checkpoints go off the loop (db/open.ts) and the
  // search index's merges out of its commits, into steps of their own (search/index-merges.ts).
  let releaseBulkHolds: (() => void) | null = null;
  let indexMergeQueued = false;
  // order → the retry this engine scheduled: the stored wall time and the steady time it stands for.
  const scheduledRetries = new Map<string, { storedAt: number; steadyAt: number }>();
  // The copies this engine stored moments ago: fresh enough to build the next PATCH on.
  const freshCopies = new FreshCopies(policy.freshCopyWindowMs, steadyNow);
  // The lanes' claims and records share a budget per turn of the event loop (turns.ts).
  const turns = createTurns();
  // A broken UI listener must never stop the outbox from draining.
  const events = eventChannel<ApiEvent>((error) => onInternalError(error));
  let idleWaiters: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let stopped = false;
  let userPaused = false;
  let authPaused = options.startPausedForAuth ?? false;
  let lastSyncAt: number | null = null;
  let announcedState: EngineState = 'online';

  const connectivity = createConnectivity({
    probe: () => client.probe(),
    policy,
    random,
    onChange: (online) => {
      announceState();
      if (online) pump();
    },
  });

  // ---- events ----------------------------------------------------------------------------------

  const emit = (event: ApiEvent): void => events.emit(event);

  function emitEdits(ids: readonly number[]): void {
    if (!events.hasListeners || ids.length === 0) return;
    for (const row of editRows(sqlite, ids)) emit({ type: 'edit', edit: toEditDto(row) });
  }

  function currentState(): EngineState {
    return engineStateOf({ online: connectivity.isOnline(), paused: pauseReason() });
  }

  function pauseReason(): PauseReason | null {
    return authPaused ? 'auth' : userPaused ? 'user' : null;
  }

  function announceState(): void {
    const state = currentState();
    if (state === announcedState) return;
    announcedState = state;
    emit({ type: 'engine', status: status() });
  }

  function status(): StatusDto {
    return {
      online: connectivity.isOnline(),
      paused: pauseReason(),
      ...countOpenEdits(db),
      last_sync_at: lastSyncAt === null ? null : new Date(lastSyncAt).toISOString(),
      deadline: queuedWorkAtRisk(db, now()),
    };
  }

  // ---- the in-memory queue (a cache of the outbox) ---------------------------------------------

  /**
   * Puts an order where the database says it belongs: `storedDueAt` is wall-clock ms (0: now), null: nothing
   * queued. `reservationEnd` orders the ready queue; read from the cache when the caller has not.
   */
  function place(orderId: string, storedDueAt: number | null, wallNow: number, steady: number, reservationEnd?: number | null): void {
    ready.delete(orderId);
    waiting.delete(orderId);
    if (storedDueAt === null) {
      scheduledRetries.delete(orderId);
      return;
    }
    const ours = scheduledRetries.get(orderId);
    const dueAt = ours?.storedAt === storedDueAt ? ours.steadyAt : steadyDueTime(storedDueAt, wallNow, steady, policy);
    if (dueAt <= steady) ready.add(orderId, reservationEnd === undefined ? reservationEndOf(sqlite, orderId) : reservationEnd);
    else waiting.set(orderId, dueAt);
  }

  function requeueFromOutbox(orderId: string): void {
    place(orderId, dueAtOf(sqlite, orderId), now(), steadyNow());
  }

  /**
   * Reads the whole outbox back into the in-memory queue (start, resume, a kick without an order), a chunk
   * of orders per turn of the event loop: in the desktop app this loop also serves every window event and
   * IPC call. Lanes start as soon as the first chunk is in. A newer rebuild supersedes one still running.
   */
  let rebuildGeneration = 0;
  let rebuilding: Promise<void> | null = null;
  function rebuildQueue(): void {
    const generation = ++rebuildGeneration;
    ready.clear();
    waiting.clear();
    const rebuild = (async () => {
      let after: string | null = '';
      // Every chunk in a turn of its own, the first too: whoever asked (start, resume) returns at once. A
      // step of the turns' budget, so the claims that follow it in the same turn wait if it took long.
      const placeChunk = (from: string): string | null => {
        if (generation !== rebuildGeneration || stopped) return null;
        const chunk = queuedOrdersAfter(sqlite, from, REBUILD_CHUNK_ORDERS);
        const wallNow = now();
        const steady = steadyNow();
        for (const { orderId, dueAt, reservationEnd } of chunk) {
          if (!lanes.has(orderId)) place(orderId, dueAt, wallNow, steady, reservationEnd);
        }
        const last = chunk.at(-1);
        return chunk.length < REBUILD_CHUNK_ORDERS || last === undefined ? null : last.orderId;
      };
      while (after !== null) {
        const from: string = after;
        after = await turns.later(() => placeChunk(from));
        if (after !== null) pump();
      }
    })();
    rebuilding = rebuild;
    void rebuild.finally(() => {
      if (rebuilding === rebuild) rebuilding = null;
      pump();
    });
  }

  function promoteDueOrders(): void {
    const t = steadyNow();
    for (const [orderId, dueAt] of waiting) {
      if (dueAt <= t) {
        waiting.delete(orderId);
        ready.add(orderId, reservationEndOf(sqlite, orderId));
      }
    }
  }

  function maySend(): boolean {
    return started && !stopped && !userPaused && !authPaused && connectivity.isOnline();
  }

  // ---- scheduling --------------------------------------------------------------------------------

  function pump(): void {
    if (maySend()) {
      promoteDueOrders();
      while (lanes.size < concurrency) {
        // An order with a request in flight stays queued: its lane re-reads the order when the request ends.
        const orderId = ready.take((candidate) => lanes.has(candidate));
        if (orderId === undefined) break;
        openLane(orderId);
      }
    }
    armTimer();
    settleIdleWaiters();
  }

  /** The one scheduler timer: wakes the engine when the earliest waiting order becomes due. */
  function armTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!maySend() || waiting.size === 0) return;
    let earliest = Infinity;
    for (const dueAt of waiting.values()) earliest = Math.min(earliest, dueAt);
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, Math.max(0, earliest - steadyNow()));
    timer.unref();
  }

  function openLane(orderId: string): void {
    holdBulkWorkIfFirstLane(); // before the lane's first commit (its claim)
    const lane = runLane(orderId)
      .then(() => requeueFromOutbox(orderId))
      .catch((error: unknown) => {
        onInternalError(error);
        // Whatever broke, do not spin on it: this order waits a full backoff before it is looked at again.
        ready.delete(orderId);
        waiting.set(orderId, steadyNow() + policy.retryCapMs);
      })
      .finally(() => closeLane(orderId));
    lanes.set(orderId, lane);
  }

  function holdBulkWorkIfFirstLane(): void {
    if (lanes.size > 0 || releaseBulkHolds !== null) return;
    const releaseCheckpoints = holdCheckpointsOffLoop(sqlite);
    const releaseAutomerge = holdAutomergeOff(sqlite);
    releaseBulkHolds = () => {
      releaseAutomerge();
      releaseCheckpoints();
    };
  }

  /**
   * One step of the index's merge work in a turn of its own, after an outcome was recorded: at most one
   * queued at a time, so the merges keep pace with the engine's writes (a step merges more than a request
   * writes) without ever adding up to a block.
   */
  function queueIndexMerge(): void {
    if (indexMergeQueued) return;
    indexMergeQueued = true;
    turns
      .later(() => {
        indexMergeQueued = false;
        if (sqlite.open) mergeStep(sqlite, SMALL_MERGE_STEP_LEAF_PAGES);
      })
      .catch((error: unknown) => onInternalError(error));
  }

  /** A lane's request is done: the next order may go (pump), and with none left the bulk work is over. */
  function closeLane(orderId: string): void {
    lanes.delete(orderId);
    pump();
    if (lanes.size > 0) return;
    releaseBulkHolds?.();
    releaseBulkHolds = null;
  }

  // ---- one request of one order ------------------------------------------------------------------

  // Its synchronous steps — the claim, the record — share a budget per turn of the loop (turns.ts).
  async function runLane(orderId: string): Promise<void> {
    const batch = await turns.run(() => claimSendableBatch(orderId));
    if (batch === null) return;
    emitEdits(batch.edits.map((edit) => edit.id));
    let sent: Sent;
    try {
      sent = await send(batch);
    } catch (error) {
      // A bug, not an HTTP failure (the client returns those as values): keep the edits, try later.
      sent = { outcome: { kind: 'transient', reason: 'bad_body', status: null, retryAfterMs: null, message: `internal error: ${String(error)}` } };
      onInternalError(error);
    }
    const outcome = sent;
    await turns.run(() => record(batch, outcome));
    queueIndexMerge();
  }

  /**
   * The order's next batch to send, or null: nothing queued, the engine stopped or paused while the step
   * waited for its turn, or the reservation is over (then the batch ends failed here, without a request).
   */
  function claimSendableBatch(orderId: string): ClaimedBatch | null {
    if (!maySend()) return null; // the order stays queued
    const batch = claimBatch(sqlite, orderId, now());
    if (batch === null) return null;
    // Past its reservation a change can only be refused: it ends failed with the reason, no request made.
    const reservationEnd = reservationEndOf(sqlite, orderId);
    if (reservationEnd !== null && reservationEnd <= now()) {
      recordFailed(sqlite, batch, reservationEndedBeforeSending(utcMinute(reservationEnd)), now());
      emitEdits(batch.edits.map((edit) => edit.id));
      announceState();
      return null;
    }
    return batch;
  }

  /** A copy of the order to build the PATCH on: the cached one if this engine merged it moments ago, else fetched now. */
  async function freshCopy(orderId: string, addsPromocodes: boolean): Promise<BuildCopy> {
    // The full promocode list sent would drop a code the copy cannot name (and the server its discount).
    const complete = (copy: CachedOrder): boolean => !addsPromocodes || unresolvedPromocodeIds(copy.order, copy.refs).length === 0;
    const kept = freshCopies.recall(orderId);
    if (kept !== null) {
      // The kept copy while the cache still holds it; something merged since is newer: read that.
      const cached = copySeqOf(sqlite, orderId) === kept.askedSeq ? kept.copy : getCachedOrder(sqlite, orderId);
      if (cached !== null && complete(cached)) return { outcome: { kind: 'ok', value: cached, promocodeErrors: [] }, fetched: null };
    }
    const fetched = await fetchCopy(orderId);
    if (fetched.kind !== 'ok') return { outcome: fetched, fetched: null };
    const copy = { order: fetched.value.response.data, refs: fetched.value.response.refs };
    return { outcome: complete(copy) ? { kind: 'ok', value: copy, promocodeErrors: [] } : UNNAMED_PROMOCODES, fetched: fetched.value };
  }

  /** GET one order: only ever from inside the order's lane (a PATCH's, or refresh's). Not merged here. */
  async function fetchCopy(orderId: string): Promise<Outcome<FetchedCopy>> {
    const askedSeq = askCopySequence(sqlite);
    const fetched = await client.getOrder(orderId);
    connectivity.noteOutcome(fetched);
    if (fetched.kind !== 'ok') return fetched;
    return { ...fetched, value: { response: fetched.value, askedSeq } };
  }

  /**
   * The clerk opened the order: fetch it through its lane, so the GET never overlaps a PATCH of it (the
   * API answers 409). While a request of the order is in flight, that request's answer refreshes the
   * cache anyway: wait for it instead. The order's queued edits wait for this GET, then build on it.
   */
  function refresh(orderId: string): Promise<void> {
    const inFlight = lanes.get(orderId);
    if (inFlight) return inFlight;
    if (stopped || authPaused || !connectivity.isOnline()) return Promise.resolve();
    holdBulkWorkIfFirstLane();
    const lane = fetchCopy(orderId)
      .then((fetched) => {
        if (fetched.kind !== 'ok') return;
        cacheFetchedOrder(sqlite, fetched.value, now());
        const { response, askedSeq } = fetched.value;
        freshCopies.remember(orderId, { order: response.data, refs: response.refs }, askedSeq);
        emit({ type: 'order', order_id: orderId });
      })
      .catch((error: unknown) => onInternalError(error))
      .finally(() => closeLane(orderId));
    lanes.set(orderId, lane);
    return lane;
  }

  /**
   * The PATCH body is built now, from a fresh copy plus the batch's intent (build-patch.ts): fields the
   * clerk did not touch keep the server's current values, promocodes are the server's current codes plus
   * the clerk's new ones, and a retry sends an equivalent body.
   */
  async function send(batch: ClaimedBatch): Promise<Sent> {
    const { outcome: copy, fetched } = await freshCopy(batch.orderId, (batch.intent.promocodes?.length ?? 0) > 0);
    if (copy.kind !== 'ok') return { outcome: copy, fetched };
    const conflicts = findConflicts(copy.value.order, batch.intent, batch.base);
    const askedSeq = askCopySequence(sqlite);
    const outcome = await client.patchOrder(batch.orderId, buildPatch(copy.value.order, copy.value.refs, batch.intent));
    connectivity.noteOutcome(outcome);
    return { outcome, askedSeq, conflicts, fetched };
  }

  function record(batch: ClaimedBatch, { outcome, askedSeq, conflicts = [], fetched = null }: Sent): void {
    const at = now();
    const patchAnswered = askedSeq !== undefined;
    const action = nextAction({ outcome, patchAnswered, attempts: batch.attempts, now: at, random, policy });
    switch (action.kind) {
      case 'synced': {
        if (outcome.kind !== 'ok') throw new Error('policy said synced for a failed outcome');
        const answer: SyncedAnswer = { response: outcome.value, askedSeq: askedSeq ?? 0, promocodeErrors: outcome.promocodeErrors, conflicts };
        try {
          recordSynced(sqlite, batch, answer, at);
          freshCopies.remember(batch.orderId, { order: outcome.value.data, refs: outcome.value.refs }, answer.askedSeq);
        } catch (error) {
          // The server applied it; only its copy cannot be stored (a value nested too deep to serialise).
          // Never send it again for that: the edit is synced, and the order is fetched again next time.
          const unstored = `applied by Ticketscloud, but its answer could not be stored: ${String(error)}`;
          recordSynced(sqlite, batch, { ...answer, response: null, unstored, fetched }, at);
          freshCopies.forget(batch.orderId);
        }
        lastSyncAt = at;
        emit({ type: 'order', order_id: batch.orderId });
        break;
      }
      case 'synced_unstored':
        recordSynced(sqlite, batch, { response: null, unstored: action.note, fetched, askedSeq: 0, promocodeErrors: [], conflicts }, at);
        freshCopies.forget(batch.orderId);
        lastSyncAt = at;
        break;
      case 'retry':
        recordRetry(sqlite, batch, action.retryAt, action.error, at, fetched);
        scheduledRetries.set(batch.orderId, { storedAt: action.retryAt, steadyAt: steadyNow() + (action.retryAt - at) });
        break;
      case 'fail':
        // The order's later edits go on. Each body is rebuilt from a fresh copy plus its own intent,
        // so it does not depend on the refused one; if the order itself is the problem (404, `done`) the
        // server refuses them too, each with its own reason. Holding them back would hide good edits
        // behind one bad one (a too-long field) until the clerk acts. The clerk sees the failure in the
        // failed count and the edit event. All edits of a coalesced batch fail together: the server
        // refused their merged request and cannot say which part it objected to.
        recordFailed(sqlite, batch, action.error, at, fetched);
        break;
      case 'pause_auth':
        recordAuthRefused(sqlite, batch, action.error, at, fetched);
        authPaused = true;
        connectivity.setProbingEnabled(false);
        break;
    }
    // The fetched copy was stored with the outcome (engine-store.ts): the cache has news of the order. It is
    // not taken as fresh for the next PATCH: a request that failed may still have reached the server.
    if (fetched !== null && action.kind !== 'synced') emit({ type: 'order', order_id: batch.orderId });
    emitEdits(batch.edits.map((edit) => edit.id));
    announceState();
  }

  // ---- idle ------------------------------------------------------------------------------------

  function isIdle(): boolean {
    if (lanes.size > 0 || rebuilding !== null) return false;
    if (!started || stopped || userPaused || authPaused) return true;
    return ready.size === 0 && waiting.size === 0;
  }

  function settleIdleWaiters(): void {
    if (idleWaiters.length === 0 || !isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function resumeSending(): void {
    connectivity.setProbingEnabled(!userPaused && !authPaused);
    announceState();
    rebuildQueue(); // edits saved or retried while paused without a kick are found too
    pump();
  }

  // ---- the API ---------------------------------------------------------------------------------

  return {
    start() {
      if (started) return;
      started = true;
      lastSyncAt = lastSyncedAt(sqlite);
      announcedState = currentState();
      rebuildQueue();
      pump();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await connectivity.stop();
      await Promise.all(lanes.values());
      settleIdleWaiters();
    },
    kick(orderId) {
      if (orderId === undefined) rebuildQueue();
      else if (!lanes.has(orderId)) requeueFromOutbox(orderId);
      pump();
    },
    pause() {
      userPaused = true;
      connectivity.setProbingEnabled(false);
      announceState();
      pump();
    },
    resume() {
      userPaused = false;
      resumeSending();
    },
    setApiKey(key) {
      client.setApiKey(key);
      authPaused = false;
      resumeSending();
    },
    refresh,
    status,
    state: currentState,
    queuedOrders: () => ready.size + waiting.size,
    on: (listener) => events.on(listener),
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdleWaiters();
      });
    },
  };
}
