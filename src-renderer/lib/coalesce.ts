// A refresh that many events may ask for at once: at most one runs at a time, and asks that arrive
// while it runs collapse into one more run afterwards. Keeps a burst of edit events from becoming a
// burst of requests.
// The task is handed what it should load (an order id, a filter): the run that follows a burst uses the
// latest one asked for, and a Svelte effect that calls `run(value)` depends on `value` because it reads it,
// however long the task takes.
export function coalesced<TInput = void>(task: (input: TInput) => Promise<void>): (input: TInput) => void {
  let running = false;
  let again: { input: TInput } | null = null;
  const run = (input: TInput): void => {
    if (running) {
      again = { input };
      return;
    }
    running = true;
    task(input)
      .catch(() => undefined)
      .finally(() => {
        running = false;
        const next = again;
        again = null;
        if (next !== null) run(next.input);
      });
  };
  return run;
}
