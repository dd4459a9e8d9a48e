// The engine's synchronous steps — claim a batch, record an outcome, a step of index merging — take a
// few ms each, more for a batch of 200 edits. When several lanes' answers arrived together their steps
// ran back to back, and a lane's record ran on into the next lane's claim: one stretch of 20–40 ms in
// which the loop (in the app, the Electron main process: every IPC call and window event) served nobody
// (bench (b) and the enqueue drain).
//
// So steps share a budget per turn of the event loop: a step runs at once while the steps run in this
// turn took less than BUDGET_MS, otherwise it waits for a later turn, first come first served — via
// setImmediate: an immediate queued while another runs fires only in the NEXT iteration of the loop,
// after its timers and I/O. Deferring every step instead cost each request two iterations' wait behind
// the other lanes' work: (a)'s makespan / floor 1.05 → 1.10, warm 1.09 → 1.16 (bench).

/** Work per turn of the loop before the next step waits: a third of a frame, so a turn stays well under one. */
export const BUDGET_MS = 5;

export interface Turns {
  /** Runs `step` now if this turn's budget allows (and nobody waits), else in a later turn. */
  run<T>(step: () => T): Promise<T>;
  /** Runs `step` in a later turn, whatever the budget: for work that may wait (index merging). */
  later<T>(step: () => T): Promise<T>;
}

export function createTurns(now: () => number = () => performance.now()): Turns {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  // Since when steps have run in this turn; an immediate resets it once the loop has moved on.
  let turnStartedAt: number | null = null;

  function withinBudget(): boolean {
    return turnStartedAt === null || now() - turnStartedAt < BUDGET_MS;
  }

  function noteStepRuns(): void {
    if (turnStartedAt !== null) return;
    turnStartedAt = now();
    setImmediate(() => {
      turnStartedAt = null;
    });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(giveTurns);
  }

  // A later turn: the steps that waited, oldest first, as many as the budget allows; the rest go on
  // waiting (scheduled from inside this immediate, so for the next iteration).
  function giveTurns(): void {
    scheduled = false;
    turnStartedAt = null;
    do waiting.shift()?.();
    while (waiting.length > 0 && withinBudget());
    if (waiting.length > 0) schedule();
  }

  // The step runs synchronously inside the Promise executor, which turns a throw into a rejection.
  function runNow<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      noteStepRuns();
      resolve(step());
    });
  }

  function queue<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      waiting.push(() => resolve(runNow(step)));
      schedule();
    });
  }

  return {
    run: (step) => (waiting.length > 0 || !withinBudget() ? queue(step) : runNow(step)),
    later: queue,
  };
}
