// The one way the core announces things (edits that changed, orders merged, the engine's state) to
// whoever listens: the engine to the service, the service to the transports. A listener that throws is
// reported and skipped: one closed socket must never stop the others from hearing, nor the outbox from
// draining.

export interface EventChannel<TEvent> {
  emit(event: TEvent): void;
  /** Returns the unsubscribe. */
  on(listener: (event: TEvent) => void): () => void;
  /** Whether anyone listens: lets an emitter skip building an event nobody reads. */
  readonly hasListeners: boolean;
  /** Drops every listener (on stop: nothing is announced after it). */
  clear(): void;
}

export function eventChannel<TEvent>(onListenerError: (error: unknown) => void): EventChannel<TEvent> {
  const listeners = new Set<(event: TEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get hasListeners() {
      return listeners.size > 0;
    },
    clear() {
      listeners.clear();
    },
  };
}
