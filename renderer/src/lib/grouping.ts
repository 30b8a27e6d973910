/*
 * Turns a stream's messages into list rows: day separators, the "New messages" divider, and
 * messages whose header collapses when the same author wrote again shortly before.
 *
 * A stream can hold 100,000 loaded messages, so `createRowBuilder` memoizes rows per page of seqs:
 * when one message arrives or changes, only its page is regrouped and every other row object keeps
 * its identity, which lets the memoized MessageItem rows skip re-rendering.
 */
import type { MessageView } from '../../../shared/ipc';
import { dayKey } from './format';

/** Consecutive messages by one author within this window share a header. */
export const GROUP_WINDOW_MS = 5 * 60_000;
/** Messages per memoized page of rows (by seq, so prepending older pages does not shift them). */
export const ROW_PAGE = 256;

export type Row =
  /** A day separator; `at` is the first message's time, labelled in the locale when rendered. */
  | { kind: 'day'; key: string; at: number }
  | { kind: 'new'; key: string }
  | { kind: 'message'; key: string; message: MessageView; showHeader: boolean };

interface GroupState {
  prev: MessageView | null;
  prevDay: string;
  dividerPlaced: boolean;
}

interface Page {
  items: MessageView[];
  /** The state the page was grouped from: the message before it and whether the divider was placed. */
  before: GroupState;
  after: GroupState;
  rows: Row[];
  /** The divider position it was grouped for, and the newest seq the divider could precede. */
  dividerSeq: number | undefined;
  maxCandidate: number;
}

/** The newest seq in a page that the "New messages" divider could sit before (others' sent messages). */
function maxCandidateSeq(items: readonly MessageView[], from: number, to: number, myId: string | null): number {
  let max = 0;
  for (let i = from; i < to; i += 1) {
    const m = items[i]!;
    if (m.status === 'sent' && m.authorId !== myId && m.seq > max) max = m.seq;
  }
  return max;
}

/**
 * A page grouped for one divider position is still right for another if the divider was placed
 * before it, or if neither position puts the divider inside it. Reopening a stream moves the divider
 * to where the user stopped reading; only the page it lands in needs regrouping.
 */
function sameDivider(page: Page, dividerSeq: number | undefined): boolean {
  if (page.before.dividerPlaced || page.dividerSeq === dividerSeq) return true;
  if (page.dividerSeq === undefined || dividerSeq === undefined) return false;
  return page.dividerSeq >= page.maxCandidate && dividerSeq >= page.maxCandidate;
}

function groupInto(
  rows: Row[],
  items: readonly MessageView[],
  from: number,
  to: number,
  state: GroupState,
  dividerSeq: number | undefined,
  myId: string | null,
): GroupState {
  let { prev, prevDay, dividerPlaced } = state;
  for (let i = from; i < to; i += 1) {
    const m = items[i]!;
    const day = dayKey(m.createdAt);
    let newGroup = false;
    if (day !== prevDay) {
      rows.push({ kind: 'day', key: `day:${day}`, at: m.createdAt });
      prevDay = day;
      newGroup = true;
    }
    // Own messages are never "new" to their author; pending sends have no seq yet.
    if (!dividerPlaced && m.status === 'sent' && m.seq > dividerSeq! && m.authorId !== myId) {
      rows.push({ kind: 'new', key: 'new' });
      dividerPlaced = true;
      newGroup = true;
    }
    const showHeader =
      newGroup ||
      prev === null ||
      prev.authorId !== m.authorId ||
      m.createdAt - prev.createdAt > GROUP_WINDOW_MS ||
      prev.provenance !== null ||
      m.provenance !== null;
    rows.push({ kind: 'message', key: m.id, message: m, showHeader });
    prev = m;
  }
  return { prev, prevDay, dividerPlaced };
}

function sameState(a: GroupState, b: GroupState): boolean {
  return a.prev === b.prev && a.prevDay === b.prevDay && a.dividerPlaced === b.dividerPlaced;
}

function sameItems(cached: MessageView[], items: readonly MessageView[], from: number, to: number): boolean {
  if (cached.length !== to - from) return false;
  for (let i = from; i < to; i += 1) if (cached[i - from] !== items[i]) return false;
  return true;
}

/** Which memo page a message belongs to: by seq for sent messages, one tail page for pending sends. */
function pageOf(m: MessageView): string {
  return m.status === 'sent' ? String(Math.floor(m.seq / ROW_PAGE)) : 'tail';
}

export type RowBuilder = (items: readonly MessageView[], dividerSeq: number | undefined, myId: string | null) => Row[];

/** A row builder that remembers its pages between calls (one per list). */
export function createRowBuilder(): RowBuilder {
  let pages = new Map<string, Page>();
  let context = '';
  let lastItems: readonly MessageView[] | null = null;
  let lastDivider: number | undefined;
  let lastRows: Row[] = [];
  return (items, dividerSeq, myId) => {
    // Rows carry times, not labels: only the reader decides which messages are new to them.
    const ctx = myId ?? '';
    if (ctx !== context) {
      pages = new Map();
      context = ctx;
    } else if (items === lastItems && dividerSeq === lastDivider) return lastRows;
    const next = new Map<string, Page>();
    const parts: Row[][] = [];
    let state: GroupState = { prev: null, prevDay: '', dividerPlaced: dividerSeq === undefined };
    let start = 0;
    while (start < items.length) {
      const id = pageOf(items[start]!);
      let end = start + 1;
      while (end < items.length && pageOf(items[end]!) === id) end += 1;
      let page = pages.get(id);
      if (
        !page ||
        !sameState(page.before, state) ||
        !sameItems(page.items, items, start, end) ||
        !sameDivider(page, dividerSeq)
      ) {
        const rows: Row[] = [];
        const after = groupInto(rows, items, start, end, state, dividerSeq, myId);
        const maxCandidate = maxCandidateSeq(items, start, end, myId);
        page = { items: items.slice(start, end), before: state, after, rows, dividerSeq, maxCandidate };
      }
      // Ids repeat only if seqs are out of order; keep the first page so rows are never dropped.
      if (!next.has(id)) next.set(id, page);
      parts.push(page.rows);
      state = page.after;
      start = end;
    }
    pages = next;
    lastItems = items;
    lastDivider = dividerSeq;
    lastRows = parts.length === 1 ? parts[0]! : ([] as Row[]).concat(...parts);
    return lastRows;
  };
}

/** Rows for a list of messages, without memoization. */
export function buildRows(items: readonly MessageView[], dividerSeq: number | undefined, myId: string | null): Row[] {
  return createRowBuilder()(items, dividerSeq, myId);
}

const estimates = new WeakMap<Row, number>();

/** Rough row heights before measurement; close guesses keep the scrollbar steady. */
export function estimateRow(row: Row): number {
  if (row.kind === 'day') return 36;
  if (row.kind === 'new') return 28;
  const cached = estimates.get(row);
  if (cached !== undefined) return cached;
  const body = row.message.body;
  let newlines = 0;
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) newlines += 1;
  const lines = Math.min(12, Math.ceil(body.length / 90) + newlines);
  const h =
    (row.showHeader ? 30 : 6) + 22 * Math.max(1, lines) + (Object.keys(row.message.reactions).length > 0 ? 30 : 0);
  estimates.set(row, h);
  return h;
}
