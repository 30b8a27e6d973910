/**
 * One admin console request at a time for a section: runs it, keeps the server's refusal to show
 * (with the field it names), and reloads the section's data after a change.
 */
import { useCallback, useState } from 'react';
import type { ApiError } from '../../../../shared/protocol';
import { toApiError } from '../../i18n/errors';

export interface AdminCall {
  error: ApiError | null;
  busy: boolean;
  /** Runs `work`; answers its result, or null when the server refused (the error is kept). */
  run: <T>(work: () => Promise<T>) => Promise<T | null>;
  /** Keeps a failure of a read made outside `run` (a section's loading), to show. */
  fail: (err: unknown) => void;
}

export function useAdminCall(): AdminCall {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(toApiError(err));
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  const fail = useCallback((err: unknown) => setError(toApiError(err)), []);
  return { error, busy, run, fail };
}
