// A refresh that many events may ask for at once: at most one runs at a time, and asks that arrive
// while it runs collapse into one more run afterwards. Keeps a burst of edit events from becoming a
// burst of requests.
export function coalesced(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    task()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
