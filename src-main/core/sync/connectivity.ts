// Is Ticketscloud reachable? Inferred from the outcomes of real requests (no background pinging while
// things work), and, once a request found no server, from a cheap probe repeated on a backoff. The first
// probe that reaches the server brings the engine back online and it drains by itself.
//
// Why probe instead of just retrying the edits: with hundreds of queued edits over many orders, "retry
// each on its own backoff" is hundreds of connection attempts per minute to a server that is not there.
// One probe on a 1 s … 30 s backoff bounds the traffic while offline, whatever the size of the outbox.
import type { Outcome } from '../ticketscloud/outcome.ts';
import { meansUnreachable, probeDelayMs, type Random, type SyncPolicy } from './policy.ts';

export type ProbeResult = 'reachable' | 'unreachable';

export interface ConnectivityOptions {
  probe: () => Promise<ProbeResult>;
  policy: SyncPolicy;
  random: Random;
  /** Called after every change between online and offline. */
  onChange: (online: boolean) => void;
}

export interface Connectivity {
  isOnline(): boolean;
  /** Every request's outcome passes through here: a network error or timeout means offline, any answer online. */
  noteOutcome(outcome: Outcome<unknown>): void;
  /** Probing runs only while offline AND enabled; the engine disables it while paused (nothing to send). */
  setProbingEnabled(enabled: boolean): void;
  /** Stops probing and waits for a probe in flight. */
  stop(): Promise<void>;
}

export function createConnectivity({ probe, policy, random, onChange }: ConnectivityOptions): Connectivity {
  let online = true;
  let failedProbes = 0;
  let probingEnabled = true;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let probeInFlight: Promise<void> | null = null;

  function setOnline(next: boolean): void {
    if (next === online) return;
    online = next;
    failedProbes = 0;
    onChange(online);
  }

  function cancelTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function scheduleProbe(): void {
    if (stopped || online || !probingEnabled || timer !== null || probeInFlight !== null) return;
    timer = setTimeout(runProbe, probeDelayMs(failedProbes, random, policy));
    timer.unref();
  }

  function runProbe(): void {
    timer = null;
    probeInFlight = probe()
      .catch((): ProbeResult => 'unreachable') // a client bug must not end probing for good
      .then((result) => {
        probeInFlight = null;
        if (stopped || online) return;
        if (result === 'reachable') setOnline(true);
        else failedProbes += 1;
        scheduleProbe();
      });
  }

  return {
    isOnline: () => online,
    noteOutcome(outcome) {
      setOnline(!meansUnreachable(outcome));
      if (!online) scheduleProbe();
      else cancelTimer();
    },
    setProbingEnabled(enabled) {
      probingEnabled = enabled;
      if (enabled) scheduleProbe();
      else cancelTimer();
    },
    async stop() {
      stopped = true;
      cancelTimer();
      await probeInFlight;
    },
  };
}
