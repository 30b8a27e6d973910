/*
 * The compliance console's part of the FakeApi: legal holds, retention settings and an export
 * download the test drives step by step (`progress`, `finish`, `fail`), answering the channels as
 * the core would (the real rules are tested against a server in test/server/complianceConsole.test.ts
 * and test/core/exportDownload.test.ts).
 */
import type { ExportProgress, IpcPush, IpcPushName, IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import type { ApiError, ExportDownloadFormat, LegalHoldView, RetentionSettings } from '../../shared/protocol';
import { FakeError } from './fakeError';

type Channel =
  | 'export:state'
  | 'export:start'
  | 'export:cancel'
  | 'hold:list'
  | 'hold:place'
  | 'hold:release'
  | 'retention:get'
  | 'retention:set';

type Fail = (error: ApiError) => never;

/** What the fake API gives this part: who is signed in, pushes, and refusals. */
interface FakeHost {
  me: { id: string };
  emit<N extends IpcPushName>(name: N, payload: IpcPush<N>): void;
}

export class FakeCompliance {
  holds: LegalHoldView[] = [];
  retention: RetentionSettings = { orgDays: null, teams: [] };
  /** Each format's last completed export (the core keeps one cursor per format). */
  lastExportAt: Record<ExportDownloadFormat, number | null> = { jsonl: null, csv: null, eml: null };
  /** The download in progress, as `export:progress` last announced it. */
  running: ExportProgress | null = null;
  /** Every `export:start` request, in order. */
  starts: IpcRequestParsed<'export:start'>[] = [];
  /** Refuses hold and retention requests with this error (e.g. FORBIDDEN, UNAVAILABLE) when set. */
  refuse: ApiError | null = null;
  private nextHoldId = 1;

  constructor(
    private readonly host: FakeHost,
    private readonly fail: Fail,
  ) {}

  /** The download reports `done` of `total` records. */
  progress(done: number, total: number): void {
    this.announce({ done, total });
  }

  /** The download completes: every record arrived, the cursor is kept. */
  finish(): void {
    const total = this.running?.total ?? 0;
    this.announce({ state: 'done', done: total, total });
    this.lastExportAt[this.starts[this.starts.length - 1]!.format] = Date.now();
    this.running = null;
  }

  /** The download is cut off: nothing is kept. */
  cut(message = 'the download was cut off; nothing was kept'): void {
    this.announce({ state: 'failed', error: message });
    this.running = null;
  }

  private announce(change: Partial<ExportProgress>): void {
    if (!this.running) throw new Error('no export is running');
    this.running = { ...this.running, ...change };
    this.host.emit('export:progress', this.running);
  }

  private checkRefusal(): void {
    if (this.refuse) this.fail(this.refuse);
  }

  readonly handlers: { [C in Channel]: (r: IpcRequestParsed<C>) => IpcResponse<C> } = {
    'export:state': (r) => ({ lastExportAt: this.lastExportAt[r.format ?? 'jsonl'], running: this.running }),
    'export:start': (r) => {
      if (this.running) return this.fail({ code: 'CONFLICT', message: 'an export is already downloading' });
      this.starts.push(r);
      const path = `/downloads/tributary-export.${r.format}`;
      this.running = { accountId: this.host.me.id, path, state: 'running', done: 0, total: null, error: null };
      return { path };
    },
    'export:cancel': () => {
      if (!this.running) return { cancelled: false };
      this.announce({ state: 'cancelled' });
      this.running = null;
      return { cancelled: true };
    },
    'hold:list': (r) => {
      this.checkRefusal();
      return { holds: this.holds.filter((h) => !r.activeOnly || h.releasedAt === null) };
    },
    'hold:place': (r) => {
      this.checkRefusal();
      const hold: LegalHoldView = {
        id: this.nextHoldId++,
        userId: r.userId ?? null,
        teamId: r.teamId ?? null,
        covers: r.userId ?? r.teamId ?? '',
        reason: r.reason,
        createdBy: this.host.me.id,
        createdAt: Date.now(),
        releasedBy: null,
        releasedAt: null,
      };
      this.holds = [hold, ...this.holds];
      return { hold };
    },
    'hold:release': (r) => {
      this.checkRefusal();
      const found = this.holds.find((h) => h.id === r.holdId && h.releasedAt === null);
      if (!found) return this.fail({ code: 'NOT_FOUND', message: `no active legal hold ${r.holdId}`, field: 'holdId' });
      const hold = { ...found, releasedAt: Date.now(), releasedBy: this.host.me.id };
      this.holds = this.holds.map((h) => (h.id === hold.id ? hold : h));
      return { hold };
    },
    'retention:get': () => {
      this.checkRefusal();
      return { settings: this.retention };
    },
    'retention:set': (r) => {
      this.checkRefusal();
      if (r.teamId === undefined) this.retention = { ...this.retention, orgDays: r.days };
      else
        this.retention = {
          ...this.retention,
          teams: [...this.retention.teams.filter((t) => t.teamId !== r.teamId), { teamId: r.teamId, days: r.days }],
        };
      return { settings: this.retention };
    },
  };
}

const parts = new WeakMap<FakeHost, FakeCompliance>();

/** The compliance part of a fake API (created on first use); refusals are FakeErrors. */
export function complianceOf(api: FakeHost): FakeCompliance {
  let part = parts.get(api);
  if (!part) {
    part = new FakeCompliance(api, (error) => {
      throw new FakeError(error);
    });
    parts.set(api, part);
  }
  return part;
}

/** The handlers to spread into the fake API's table (delegating to `complianceOf(api)`). */
export function complianceHandlers(api: FakeHost): FakeCompliance['handlers'] {
  return complianceOf(api).handlers;
}
