import type { Message, StreamEvent } from '../../../shared/protocol/index';
import type { Store, Tx } from '../../db/store';
import type { ExportPerson, ExportRecord, ExportStream } from '../../repositories/export.repository';
import { decodeCursor, encodeCursor, type ExportCursor } from './cursor';
import { MembershipTimeline } from './membership';

/** One log entry as exported: the event, its stream and who could read the stream at that time. */
export interface ExportedEvent {
  stream: ExportStream;
  event: StreamEvent;
  /** Ids of the people who could read the stream when the event happened. */
  memberIds: string[];
}

/** One message as exported: its state now, its stream and who could read the stream when it was posted. */
export interface ExportedMessage {
  stream: ExportStream;
  message: Message;
  /** Ids of the people who could read the stream when the message was posted. */
  memberIds: string[];
}

/** Where an export's pages go (the admin CLI writes them to files, tests keep them). */
export interface ExportSink {
  /** A page of log entries, in seq order within each stream. */
  events?(page: readonly ExportedEvent[]): void | Promise<void>;
  /**
   * The messages a page of log entries touched (each message once per export), as they are now. A
   * sink without it (JSONL) spares the run reading the messages.
   */
  messages?(page: readonly ExportedMessage[]): void | Promise<void>;
  /**
   * Guidelines versions published and acknowledged, and profile changes, since the cursor, after the
   * log entries, in time order. A sink without it (CSV, EML) leaves them for a later JSONL run: its
   * cursor keeps the old watermark.
   */
  records?(records: readonly ExportRecord[]): void | Promise<void>;
}

/** What one export run did. */
export interface ExportSummary {
  orgId: string;
  orgName: string;
  /** Log entries read (and written, for JSONL). */
  events: number;
  /** Guidelines records written (JSONL only). */
  records: number;
  /** Messages written (CSV, EML; 0 for JSONL, which writes log entries). */
  messages: number;
  streams: number;
  /** Give it to the next run (`since`) to export only what happened after this one. */
  cursor: string;
}

/** What a run is about to do, known before its first page: for a download's headers. */
export interface ExportPlan {
  /** Log entries and guidelines records the run writes as JSONL, one line each. */
  entries: number;
  /** The cursor the run ends at: every stream's head when the run started (or the given cursor's seq). */
  cursor: string;
}

/**
 * Guidelines records are exported up to this long before the run: a record written meanwhile with an
 * earlier time (a transaction still in flight) then still lands in the next run, never between two.
 */
const RECORDS_LAG_MS = 5000;

/** Log entries per read (each page is its own short read-only unit of work). */
const PAGE_EVENTS = 1000;
const PAGE_BYTES = 8 * 1024 * 1024;

/** The JSONL records of (after, upTo]: guidelines and profile changes, in time order (stable within an instant). */
async function recordsOf(tx: Tx, orgId: string, after: number, upTo: number): Promise<ExportRecord[]> {
  const records: ExportRecord[] = [
    ...(await tx.exports.guidelinesRecords(orgId, after, upTo)),
    ...(await tx.exports.profileChanges(orgId, after, upTo)),
  ];
  return records.sort((a, b) => a.at - b.at);
}

/** The message a log entry is about, if any. */
function touchedMessageId(event: StreamEvent): string | null {
  return event.message?.id ?? event.reaction?.messageId ?? null;
}

/** Entries between the cursor and each stream's head, and the cursor at those heads. */
function planOf(
  orgId: string,
  streams: readonly ExportStream[],
  since: Record<string, number>,
  records: { count: number; upTo: number | undefined },
): ExportPlan {
  const heads: Record<string, number> = { ...since };
  let entries = records.count;
  for (const stream of streams) {
    const after = since[stream.id] ?? 0;
    entries += Math.max(0, stream.headSeq - after);
    heads[stream.id] = Math.max(after, stream.headSeq);
  }
  return {
    entries,
    cursor: encodeCursor({
      orgId,
      streams: heads,
      ...(records.upTo === undefined ? {} : { recordsUpTo: records.upTo }),
    }),
  };
}

/**
 * Exports one organization's history: every log entry of every stream after the cursor (all of it
 * without one) up to each stream's head when the run started, and the current state of every message
 * those entries touched, each with the people who could read its stream at the time. Reads in pages,
 * so a million messages never sit in memory at once (only the ids already exported do). Audited.
 */
export async function exportOrganization(
  store: Store,
  input: {
    org: string;
    since?: string;
    sink: ExportSink;
    actorId?: string | null;
    now?: number;
    /** Told who the organization's people are before the first page arrives. */
    onPeople?: (people: Map<string, ExportPerson>) => void;
    /** Told what the run will read before the first page (a download sends it as headers). */
    onPlan?: (plan: ExportPlan) => void | Promise<void>;
  },
): Promise<ExportSummary> {
  const now = input.now ?? Date.now();
  const start = await store.withTransaction(
    async (tx) => {
      const org = await tx.orgs.getByName(input.org);
      if (!org) throw new Error(`no organization named "${input.org}"`);
      const since: ExportCursor =
        input.since === undefined ? { orgId: org.id, streams: {} } : decodeCursor(input.since, org.id);
      const recordsAfter = since.recordsUpTo ?? 0;
      const recordsUpTo = Math.max(recordsAfter, now - RECORDS_LAG_MS);
      const [streams, people, current, changes, records] = [
        await tx.exports.streams(org.id),
        await tx.exports.people(org.id),
        await tx.exports.currentMemberships(org.id),
        await tx.exports.membershipChanges(org.id),
        input.sink.records ? await recordsOf(tx, org.id, recordsAfter, recordsUpTo) : [],
      ];
      const timeline = new MembershipTimeline({ streams, people, current, changes });
      return {
        org,
        since,
        streams,
        people,
        timeline,
        records,
        recordsUpTo: input.sink.records ? recordsUpTo : since.recordsUpTo,
      };
    },
    { readOnly: true },
  );
  const { org, since, streams, timeline, records, recordsUpTo } = start;
  const people = new Map(start.people.map((p) => [p.id, p]));
  input.onPeople?.(people);
  const next: Record<string, number> = { ...since.streams };
  if (input.onPlan)
    await input.onPlan(planOf(org.id, streams, since.streams, { count: records.length, upTo: recordsUpTo }));
  const exported = new Set<string>();
  let events = 0;
  for (const stream of streams) {
    let after = since.streams[stream.id] ?? 0;
    // the head when the run started: entries appended meanwhile belong to the next run
    while (after < stream.headSeq) {
      const page = await store.withTransaction(
        async (tx) => {
          const { items } = await tx.streams.eventsAfter(stream.id, after, PAGE_EVENTS, PAGE_BYTES);
          const inRun = items.filter((event) => event.seq <= stream.headSeq);
          const ids = [...new Set(inRun.map(touchedMessageId).filter((id): id is string => id !== null))].filter(
            (id) => !exported.has(id),
          );
          const wanted = input.sink.messages !== undefined && ids.length > 0;
          return { events: inRun, messages: wanted ? await tx.messages.getMany(ids) : [] };
        },
        { readOnly: true },
      );
      if (page.events.length === 0) break;
      await input.sink.events?.(
        page.events.map((event) => ({ stream, event, memberIds: timeline.membersAt(stream.id, event.at) })),
      );
      events += page.events.length;
      after = page.events[page.events.length - 1]!.seq;
      if (!input.sink.messages) continue;
      // a message gone from the table (purged) is exported as its last logged state
      const byId = new Map(page.messages.map((m) => [m.id, m]));
      for (const event of page.events)
        if (event.message && !byId.has(event.message.id) && !exported.has(event.message.id))
          byId.set(event.message.id, event.message);
      const messages = [...byId.values()]
        .filter((m) => !exported.has(m.id))
        .sort((a, b) => a.seq - b.seq)
        .map((message) => ({ stream, message, memberIds: timeline.membersAt(message.streamId, message.createdAt) }));
      for (const { message } of messages) exported.add(message.id);
      if (messages.length > 0) await input.sink.messages(messages);
    }
    next[stream.id] = Math.max(after, since.streams[stream.id] ?? 0);
  }
  if (records.length > 0) await input.sink.records?.(records);
  const summary: ExportSummary = {
    orgId: org.id,
    orgName: org.name,
    events,
    records: records.length,
    messages: exported.size,
    streams: streams.length,
    cursor: encodeCursor({ orgId: org.id, streams: next, ...(recordsUpTo === undefined ? {} : { recordsUpTo }) }),
  };
  await store.withTransaction(async (tx) => {
    await tx.audit.insert({
      at: now,
      orgId: org.id,
      actorId: input.actorId ?? null,
      action: 'org.export',
      target: org.id,
      detail: { events, records: records.length, messages: exported.size, incremental: input.since !== undefined },
    });
  });
  return summary;
}
