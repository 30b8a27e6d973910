/**
 * The audit viewer's data: one filtered view of the organization's trail, newest first, grown page by
 * page. A new filter starts over; an answer for a filter no longer shown is dropped.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, AuditEntry, AuditListRequest } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { toApiError } from '../../i18n/errors';

/** What the viewer filters by; every field optional. */
export type AuditFilter = Omit<AuditListRequest, 'cursor' | 'limit'>;

/** Records per page: a screenful, and well under the server's 100. */
const PAGE = 50;

export interface AuditTrail {
  entries: AuditEntry[];
  loading: boolean;
  error: ApiError | null;
  hasMore: boolean;
  loadMore: () => void;
}

/** What has arrived for one filter (its JSON is the key). */
interface Loaded {
  key: string;
  entries: AuditEntry[];
  cursor: string | null;
  error: ApiError | null;
  loadingMore: boolean;
}

const page = (key: string, cursor: string | null) =>
  call('audit:list', { ...(JSON.parse(key) as AuditFilter), limit: PAGE, ...(cursor ? { cursor } : {}) });

export function useAuditTrail(filter: AuditFilter): AuditTrail {
  const key = JSON.stringify(filter);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    page(key, null).then(
      (first) => {
        if (live) setLoaded({ key, entries: first.entries, cursor: first.nextCursor, error: null, loadingMore: false });
      },
      (err: unknown) => {
        if (live) setLoaded({ key, entries: [], cursor: null, error: toApiError(err), loadingMore: false });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const current = loaded?.key === key ? loaded : null;
  const loadMore = useCallback(() => {
    if (!current?.cursor || current.loadingMore) return;
    setLoaded({ ...current, loadingMore: true });
    const mine = (prev: Loaded | null): prev is Loaded => prev?.key === key;
    page(key, current.cursor).then(
      (next) =>
        setLoaded((prev) =>
          mine(prev)
            ? { ...prev, entries: [...prev.entries, ...next.entries], cursor: next.nextCursor, loadingMore: false }
            : prev,
        ),
      (err: unknown) =>
        setLoaded((prev) => (mine(prev) ? { ...prev, error: toApiError(err), loadingMore: false } : prev)),
    );
  }, [current, key]);

  return {
    entries: current?.entries ?? [],
    loading: current === null || current.loadingMore,
    error: current?.error ?? null,
    hasMore: Boolean(current?.cursor),
    loadMore,
  };
}
