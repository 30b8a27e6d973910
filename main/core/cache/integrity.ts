import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CACHE_SQLITE_PACKAGE, connect, keyPragma, type Db, type SqliteRuntime } from './database';

/*
 * The background half of the cache integrity guarantee: after a clean shutdown the cache opens with
 * a cheap structure probe, and PRAGMA quick_check (which reads the whole file: 2 s at 1M messages)
 * runs here, on a read-only connection in a worker thread, once the UI is up.
 */

/** What a background check found: ok (`skipped` says why it could not run), or why the cache must be set aside. */
export type IntegrityResult = { ok: true; skipped?: string } | { ok: false; reason: string };

// Inline CommonJS, so the worker needs no separate built file (the core runs from TS sources under
// tsx/vitest and from a bundle in Electron); the module path is resolved by the caller.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
let Database = null;
try {
  Database = require(workerData.modulePath);
} catch {
  parentPort.postMessage({ fallback: true });
}
if (Database) try {
  const options = { readonly: true, fileMustExist: true };
  // the addon built for this runtime (Electron's ABI in the desktop app), as on the main thread
  if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
  db = new Database(workerData.file, options);
  // the key pragma was built from a checked key (64 hex digits) on the main thread
  if (workerData.keyPragma) db.pragma(workerData.keyPragma);
  const rows = db.pragma('quick_check', { simple: false }).map((r) => r.quick_check);
  parentPort.postMessage(rows.length === 1 && rows[0] === 'ok' ? { ok: true } : { ok: false, reason: rows.slice(0, 5).join('; ') });
} catch (error) {
  const code = error && error.code;
  const damaged = typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
  parentPort.postMessage(damaged ? { ok: false, reason: String(error.message) } : { ok: true, skipped: String(error && error.message) });
} finally {
  try { db && db.close(); } catch {}
}
`;

function betterSqlitePath(): string {
  // __filename in the CommonJS bundle, import.meta.url when run as ES module sources
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  return createRequire(here).resolve(CACHE_SQLITE_PACKAGE);
}

/** Runs quick_check on the main thread: the fallback when a worker cannot be started. */
function checkHere(file: string, runtime: SqliteRuntime): IntegrityResult {
  let db: Db | null = null;
  try {
    db = connect(file, { readonly: true, fileMustExist: true }, runtime);
    const rows = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
    return rows.length === 1 && rows[0] === 'ok' ? { ok: true } : { ok: false, reason: rows.slice(0, 5).join('; ') };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))) {
      return { ok: false, reason: String((error as Error).message) };
    }
    return { ok: true, skipped: String((error as Error).message) };
  } finally {
    db?.close();
  }
}

/** A running background check; `cancel` stops the worker (its result is then ok). */
export interface BackgroundCheck {
  result: Promise<IntegrityResult>;
  cancel(): void;
}

/**
 * Runs PRAGMA quick_check on `file` in a worker thread. Errors that are not damage (the file moved
 * away, the app closing) count as ok: only a failed check may set a cache aside.
 */
export function checkInBackground(file: string, runtime: SqliteRuntime = {}): BackgroundCheck {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        modulePath: betterSqlitePath(),
        nativeBinding: runtime.nativeBinding ?? null,
        keyPragma: runtime.key !== undefined ? keyPragma(runtime.key) : null,
      },
    });
  } catch {
    return { result: Promise.resolve(checkHere(file, runtime)), cancel: () => undefined };
  }
  let cancelled = false;
  const result = new Promise<IntegrityResult>((resolve) => {
    worker.once('message', (m: IntegrityResult | { fallback: true }) => {
      if (cancelled) resolve({ ok: true });
      // the worker could not load better-sqlite3: check here rather than not at all
      else if ('fallback' in m) resolve(checkHere(file, runtime));
      else resolve(m);
    });
    worker.once('error', () => resolve({ ok: true }));
    worker.once('exit', () => resolve({ ok: true }));
  });
  return {
    result,
    cancel: () => {
      cancelled = true;
      void worker.terminate();
    },
  };
}

/** Whether an error thrown by SQLite means the file is damaged (the same trigger as a failed check). */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}
