/*
 * A windowed, bottom-anchored list for chat history. Only the rows in view plus an overscan are in
 * the DOM; the rest is two spacers sized from measured heights (estimates until a row was seen).
 * While the user is at the bottom it follows new rows; otherwise it keeps the first visible row in
 * place when rows are prepended or re-measured, so loading older pages does not jump.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface VirtualListProps<R extends { key: string }> {
  rows: R[];
  estimate: (row: R) => number;
  renderRow: (row: R) => ReactNode;
  /** Called when the user nears the oldest loaded row. */
  onNearTop?: () => void;
  onAtBottomChange?: (atBottom: boolean) => void;
  /**
   * Rows that keep their key and place when older rows arrive (messages, not day separators that
   * move above the prepended rows); the scroll anchor is chosen among these.
   */
  isStable?: (row: R) => boolean;
  /** Changing this number scrolls to the newest row. */
  jumpSignal?: number;
  /** Scrolls this row into the upper third of the view, once per nonce (as soon as the row exists). */
  scrollTo?: { key: string; nonce: number } | null;
  overscan?: number;
  label: string;
  testId?: string;
}

/** jsdom and hidden windows report 0; assume a typical window so the first render has rows. */
const FALLBACK_VIEWPORT = 600;
const BOTTOM_SLACK = 40;
const NEAR_TOP = 400;
/** PageUp/PageDown move by this share of the viewport, keeping a line of context. */
const PAGE_FRACTION = 0.9;

/** Scrolls a list one page up (-1) or down (1); used by the list and by its stream's composer. */
export function scrollListByPage(el: HTMLElement, direction: -1 | 1): void {
  const page = (el.clientHeight || FALLBACK_VIEWPORT) * PAGE_FRACTION;
  el.scrollTop = Math.max(0, el.scrollTop + direction * page);
  // The list derives its window from scroll events: update it now rather than on the next frame
  // (and where no native event comes, as in jsdom). A second, native event changes nothing.
  el.dispatchEvent(new Event('scroll'));
}

/** Index of the row with this key, searched outward from a hint first (prepends shift indices). */
function findKey<R extends { key: string }>(rows: readonly R[], key: string, hint: number): number {
  for (let d = 0; d < 64; d += 1) {
    if (rows[hint + d]?.key === key) return hint + d;
    if (d > 0 && rows[hint - d]?.key === key) return hint - d;
  }
  return rows.findIndex((r) => r.key === key);
}

function lowerBound(offsets: Float64Array, value: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function VirtualList<R extends { key: string }>(props: VirtualListProps<R>) {
  const {
    rows,
    estimate,
    renderRow,
    onNearTop,
    onAtBottomChange,
    isStable,
    jumpSignal = 0,
    scrollTo = null,
    overscan = 8,
    label,
    testId,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);
  /** The first visible row (and its index when last seen) and how far the viewport top sits below it. */
  const anchor = useRef<{ key: string; index: number; delta: number } | null>(null);
  const prevLength = useRef(rows.length);

  const offsets = useMemo(() => {
    const out = new Float64Array(rows.length + 1);
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i]!;
      out[i + 1] = out[i]! + (heights.get(row.key) ?? estimate(row));
    }
    return out;
  }, [rows, estimate, heights]);

  const total = offsets[rows.length]!;

  // While following the bottom, show the last window even before the browser applied the scroll.
  const top = atBottom ? Math.max(0, total - viewport) : scrollTop;
  const first = Math.max(0, lowerBound(offsets, top, rows.length) - overscan);
  const last = Math.min(rows.length, lowerBound(offsets, top + viewport, rows.length) + 1 + overscan);

  const setBottom = useCallback(
    (value: boolean) => {
      if (atBottomRef.current === value) return;
      atBottomRef.current = value;
      setAtBottom(value);
      onAtBottomChange?.(value);
    },
    [onAtBottomChange],
  );

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const height = el.clientHeight || FALLBACK_VIEWPORT;
    setBottom(el.scrollHeight - el.scrollTop - height <= BOTTOM_SLACK);
    let i = lowerBound(offsets, el.scrollTop, rows.length);
    if (isStable) {
      let j = i;
      while (j < rows.length && j < i + 20 && !isStable(rows[j]!)) j += 1;
      if (j < rows.length && isStable(rows[j]!)) i = j;
    }
    const row = rows[i];
    anchor.current = row ? { key: row.key, index: i, delta: el.scrollTop - offsets[i]! } : null;
    if (el.scrollTop < NEAR_TOP) onNearTop?.();
  }, [offsets, rows, onNearTop, setBottom, isStable]);

  // Rows report their real heights through a ResizeObserver (absent in jsdom: estimates stay).
  const [observer] = useState(() =>
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const updates: [string, number][] = [];
          for (const entry of entries) {
            const key = (entry.target as HTMLElement).dataset.rowKey;
            const h = entry.borderBoxSize?.[0]?.blockSize ?? entry.target.getBoundingClientRect().height;
            if (key && h > 0) updates.push([key, h]);
          }
          setHeights((prev) => {
            const changed = updates.filter(([key, h]) => Math.abs((prev.get(key) ?? -1) - h) > 0.5);
            if (changed.length === 0) return prev;
            const next = new Map(prev);
            for (const [key, h] of changed) next.set(key, h);
            return next;
          });
        }),
  );
  useEffect(() => () => observer?.disconnect(), [observer]);
  const measureRef = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el || !observer) return;
      observer.observe(el);
      return () => observer.unobserve(el);
    },
    [observer],
  );

  // Keep the view steady: follow the bottom, or keep the anchor row where it was.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const shift = rows.length - prevLength.current;
    prevLength.current = rows.length;
    if (!el) return;
    if (atBottomRef.current) {
      el.scrollTop = el.scrollHeight;
      return;
    }
    const a = anchor.current;
    const i = a ? findKey(rows, a.key, a.index + shift) : -1;
    if (a && i >= 0) {
      a.index = i;
      const want = offsets[i]! + a.delta;
      if (Math.abs(el.scrollTop - want) > 1) el.scrollTop = want;
    }
  }, [offsets, rows]);

  // Scroll a requested row into view once it exists; the anchor then holds it while rows measure.
  const scrolledNonce = useRef(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !scrollTo || scrolledNonce.current === scrollTo.nonce) return;
    const i = findKey(rows, scrollTo.key, rows.length - 1);
    if (i < 0) return;
    scrolledNonce.current = scrollTo.nonce;
    const height = el.clientHeight || FALLBACK_VIEWPORT;
    const bottom = Math.max(0, total - height);
    const want = Math.max(0, offsets[i]! - height / 3);
    // A row near the end is in view from the bottom: stay there, still following new rows.
    if (want >= bottom - BOTTOM_SLACK) {
      setBottom(true);
      el.scrollTop = el.scrollHeight;
      return;
    }
    anchor.current = { key: scrollTo.key, index: i, delta: want - offsets[i]! };
    setBottom(false);
    setScrollTop(want);
    el.scrollTop = want;
  }, [scrollTo, rows, offsets, total, setBottom]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    // Window resizes change the viewport and re-wrap text, so both are re-measured.
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (jumpSignal === 0) return;
    const el = scrollRef.current;
    atBottomRef.current = false; // force setBottom to notify
    setBottom(true);
    if (el) el.scrollTop = el.scrollHeight;
  }, [jumpSignal, setBottom]);

  // A short history that does not fill the window cannot be scrolled up: ask for more right away.
  useEffect(() => {
    if (rows.length > 0 && total < viewport) onNearTop?.();
  }, [rows.length, total, viewport, onNearTop]);

  return (
    <div
      ref={scrollRef}
      className="vlist"
      onScroll={onScroll}
      onKeyDown={(e) => {
        if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
        e.preventDefault();
        if (scrollRef.current) scrollListByPage(scrollRef.current, e.key === 'PageUp' ? -1 : 1);
      }}
      role="log"
      aria-label={label}
      data-testid={testId}
      tabIndex={0}
    >
      <div style={{ height: offsets[first] }} aria-hidden="true" />
      <div role="list">
        {rows.slice(first, last).map((row) => (
          <div key={row.key} ref={measureRef} data-row-key={row.key} role="listitem" className="vlist-row">
            {renderRow(row)}
          </div>
        ))}
      </div>
      <div style={{ height: total - offsets[last]! }} aria-hidden="true" />
    </div>
  );
}
