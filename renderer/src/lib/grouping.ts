/*
 * Turns a stream's messages into list rows: day separators, the "New messages" divider, and
 * messages whose header collapses when the same author wrote again shortly before.
 */
import type { MessageView } from '../../../shared/ipc';
import { dayKey, dayLabel } from './format';

/** Consecutive messages by one author within this window share a header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

export type Row =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'new'; key: string }
  | { kind: 'message'; key: string; message: MessageView; showHeader: boolean };

export function buildRows(
  items: MessageView[],
  dividerSeq: number | undefined,
  myId: string | null,
  now = Date.now(),
): Row[] {
  const rows: Row[] = [];
  let prev: MessageView | null = null;
  let prevDay = '';
  let dividerPlaced = dividerSeq === undefined;
  for (const m of items) {
    const day = dayKey(m.createdAt);
    let newGroup = false;
    if (day !== prevDay) {
      rows.push({ kind: 'day', key: `day:${day}`, label: dayLabel(m.createdAt, now) });
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
  return rows;
}

/** Rough row heights before measurement; close guesses keep the scrollbar steady. */
export function estimateRow(row: Row): number {
  if (row.kind === 'day') return 36;
  if (row.kind === 'new') return 28;
  const lines = Math.min(12, Math.ceil(row.message.body.length / 90) + (row.message.body.match(/\n/g)?.length ?? 0));
  return (row.showHeader ? 30 : 6) + 22 * Math.max(1, lines) + (Object.keys(row.message.reactions).length > 0 ? 30 : 0);
}
