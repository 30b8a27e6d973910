/*
 * The scheduled refresh of the team pulse rollup (docs/performance.md § Team pulse). `pulse:get` is
 * read-only and falls back to the messages table for any week without a valid row, so this job only
 * decides how fast pulses are, never what they say.
 */
import { refreshPulseRollup, type RollupRefresh } from '../domain/pulse/rollup';
import type { Store } from '../db/store';
import type { Logger } from '../logger';

/** Default time between refreshes: a closed week changes only by a deletion or a purge. */
export const DEFAULT_PULSE_ROLLUP_INTERVAL_MS = 3_600_000;
/** The first refresh after start: soon, so a new node does not serve raw pulses for an hour. */
const FIRST_REFRESH_MS = 30_000;

/** A running schedule of refreshes. */
export interface PulseRollupJob {
  /** Refreshes now (tests pass a later `now`). */
  refresh(now?: number): Promise<RollupRefresh>;
  /** Stops the schedule and waits for a refresh in progress. */
  stop(): Promise<void>;
}

/** Starts refreshes every `intervalMs`; 0 schedules none (tests call `refresh`). */
export function startPulseRollupJob(store: Store, options: { intervalMs: number; log: Logger }): PulseRollupJob {
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const refresh = (now?: number): Promise<RollupRefresh> => {
    const next = running.then(() => refreshPulseRollup(store, now ?? Date.now()));
    running = next.catch(() => undefined);
    return next;
  };
  const schedule = (delay: number) => {
    if (stopped || options.intervalMs <= 0) return;
    timer = setTimeout(() => {
      refresh().then(
        () => schedule(options.intervalMs),
        (error: unknown) => {
          options.log.error('pulse rollup failed', { error: error instanceof Error ? error.message : String(error) });
          schedule(options.intervalMs);
        },
      );
    }, delay);
    timer.unref();
  };
  schedule(Math.min(FIRST_REFRESH_MS, options.intervalMs));
  return {
    refresh,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
