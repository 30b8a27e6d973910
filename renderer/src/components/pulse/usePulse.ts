/**
 * The pulse panel's data: one team's pulse over a chosen period, from the server, or when offline the
 * last one kept in the cache (`source: 'cache'`) or none. A new team or period starts over; an answer
 * for a choice no longer shown is dropped. An answer from the cache is asked again when the
 * connection comes back (on that change only, so a server that stays unavailable is not polled).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcResponse } from '../../../../shared/ipc';
import type { ApiError } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { toApiError } from '../../i18n/errors';
import { useStore } from '../../store';

export interface PulseState {
  /** The answer for the current choice; null while it loads or after an error. */
  answer: IpcResponse<'pulse:get'> | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

interface Loaded {
  key: string;
  answer: IpcResponse<'pulse:get'> | null;
  error: ApiError | null;
}

export function usePulse(teamId: string, weeks: number): PulseState {
  const key = `${teamId}/${weeks}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    call('pulse:get', { teamId, weeks }).then(
      (answer) => {
        if (live) setLoaded({ key, answer, error: null });
      },
      (err: unknown) => {
        if (live) setLoaded({ key, answer: null, error: toApiError(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [key, teamId, weeks, attempt]);

  const current = loaded?.key === key ? loaded : null;
  const live = useStore((s) => s.sync.state === 'live');
  const fromCache = current?.answer?.source === 'cache';
  const wasLive = useRef(live);
  useEffect(() => {
    // the cached answer stays on screen until the fresh one replaces it
    if (live && !wasLive.current && fromCache) setAttempt((n) => n + 1);
    wasLive.current = live;
  }, [live, fromCache]);

  const reload = useCallback(() => {
    setLoaded(null);
    setAttempt((n) => n + 1);
  }, []);
  return { answer: current?.answer ?? null, error: current?.error ?? null, loading: current === null, reload };
}
