/*
 * The scheduled retention purge (docs/server.md#retention-job). Every `intervalMs` a node tries to
 * take the `retention` lease; the one that has it purges stream by stream in bounded batches, each
 * batch its own unit of work, renewing the lease before each. Several nodes on one PostgreSQL
 * database therefore never purge at once, and a node that dies mid-pass leaves finished batches
 * committed and the rest to whoever takes the lease once it runs out: restartable and idempotent.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../db/store';
import { createEffects, type EffectSink } from '../domain/effects';
import { purgeBatch } from '../domain/purge';
import type { Logger } from '../logger';

const DAY_MS = 86_400_000;
/** The lease's name in `job_leases`. */
export const RETENTION_LEASE = 'retention';
/** Default time between passes: expiry is counted in days, so an hour late is on time. */
export const DEFAULT_RETENTION_INTERVAL_MS = 3_600_000;
/** Messages per batch (per unit of work): short enough not to hold a stream's log for long. */
export const DEFAULT_PURGE_BATCH = 200;
/** How long a lease lasts without renewal; a node renews it before every batch. */
export const DEFAULT_LEASE_MS = 120_000;

/** What one pass did, or that another node held the lease. */
export type PassResult =
  { skipped: true } | { skipped: false; purged: number; copies: number; batches: number; streams: number };

/** How a pass runs. */
export interface PassOptions {
  /** The time expiry is measured from (tests move it forward). */
  now?: number;
  batchSize?: number;
  leaseMs?: number;
  /** This node's name in the lease. */
  holder: string;
  /** Delivers each batch's purge events once it committed. */
  sink?: EffectSink;
  log?: Logger;
}

/** Runs one purge pass if this node gets the lease; resolves with what it removed. */
export async function runRetentionPass(store: Store, options: PassOptions): Promise<PassResult> {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? DEFAULT_PURGE_BATCH;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const lease = () =>
    store.withTransaction((tx) => tx.retention.acquireLease(RETENTION_LEASE, options.holder, Date.now(), leaseMs));
  if (!(await lease())) return { skipped: true };
  const result = { skipped: false as const, purged: 0, copies: 0, batches: 0, streams: 0 };
  try {
    const plans = await store.withTransaction((tx) => tx.retention.plans(), { readOnly: true });
    for (const plan of plans) {
      const cutoff = now - plan.days * DAY_MS;
      let touched = false;
      for (;;) {
        // the lease may have run out (a long pause): then another node may be purging already
        if (result.batches > 0 && !(await lease())) return result;
        const effects = createEffects();
        const batch = await store.withTransaction((tx) => purgeBatch(tx, plan, cutoff, batchSize, now, effects));
        if (batch.purged === 0) break;
        options.sink?.(effects);
        touched = true;
        result.batches += 1;
        result.purged += batch.purged;
        result.copies += batch.copies;
        if (batch.found < batchSize) break;
      }
      if (touched) result.streams += 1;
    }
    if (result.purged > 0) options.log?.info('retention purge', { ...result });
    return result;
  } finally {
    await store.withTransaction((tx) => tx.retention.releaseLease(RETENTION_LEASE, options.holder));
  }
}

/** A running schedule of passes. */
export interface RetentionJob {
  /** Runs one pass now (the schedule keeps going); tests pass a later `now`. */
  runPass(now?: number): Promise<PassResult>;
  /** Stops the schedule and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** Starts passes every `intervalMs` (the first one after one interval); 0 schedules none. */
export function startRetentionJob(
  store: Store,
  options: {
    intervalMs: number;
    batchSize?: number;
    sink: EffectSink;
    log: Logger;
    /** Runs after each pass with its `now` (the files janitor: unattached uploads, erased bytes). */
    afterPass?: (now: number) => Promise<unknown>;
  },
): RetentionJob {
  const holder = randomUUID();
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const pass = (now?: number): Promise<PassResult> => {
    const next = running.then(async () => {
      const result = await runRetentionPass(store, {
        holder,
        sink: options.sink,
        log: options.log,
        ...(now !== undefined ? { now } : {}),
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      });
      await options.afterPass?.(now ?? Date.now());
      return result;
    });
    running = next.catch(() => undefined);
    return next;
  };
  const schedule = () => {
    if (stopped || options.intervalMs <= 0) return;
    timer = setTimeout(() => {
      pass().then(schedule, (error: unknown) => {
        options.log.error('retention purge failed', { error: error instanceof Error ? error.message : String(error) });
        schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    runPass: pass,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
