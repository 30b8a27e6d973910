/*
 * The guidelines part of the FakeApi: a small world of the org's and teams' guidelines and a
 * canned acknowledgements report, answering the `guidelines:*` channels as the core would (the
 * real rules are tested against the server in test/server/guidelines.test.ts).
 */
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import type { ApiError } from '../../shared/protocol';
import type { Guidelines, GuidelinesAcknowledgements } from '../../shared/protocol/guidelines';

type Channel =
  | 'guidelines:list'
  | 'guidelines:acknowledge'
  | 'guidelines:publish'
  | 'guidelines:require'
  | 'guidelines:acknowledgements'
  | 'guidelines:export';

export class FakeGuidelines {
  /** The guidelines `guidelines:list` answers, the org's first. */
  list: Guidelines[] = [];
  /** Whether acknowledging reaches the server (false: the core's offline refusal). */
  online = true;
  /** What `guidelines:acknowledgements` answers. */
  report: GuidelinesAcknowledgements | null = null;
  /** What `guidelines:export` answers. */
  csv = 'name,email\r\nBob,bob@acme.test\r\n';

  constructor(
    private readonly me: () => { id: string; name: string },
    private readonly fail: (error: ApiError) => never,
  ) {}

  private find(teamId: string | undefined): Guidelines {
    const g = this.list.find((x) => x.teamId === (teamId ?? null));
    if (!g) return this.fail({ code: 'NOT_FOUND', message: 'no such team', field: 'teamId' });
    return g;
  }

  private replace(next: Guidelines): { guidelines: Guidelines } {
    this.list = this.list.map((g) => (g.teamId === next.teamId ? next : g));
    return { guidelines: next };
  }

  readonly handlers: { [C in Channel]: (r: IpcRequestParsed<C>) => IpcResponse<C> } = {
    'guidelines:list': () => ({ guidelines: this.list }),
    'guidelines:acknowledge': (r) => {
      if (!this.online) return this.fail({ code: 'UNAVAILABLE', message: 'acknowledging needs a connection' });
      const g = this.find(r.teamId);
      if (g.current?.version !== r.version) return this.fail({ code: 'CONFLICT', message: 'not current' });
      return this.replace({ ...g, acknowledgedVersion: r.version });
    },
    'guidelines:publish': (r) => {
      const g = this.find(r.teamId);
      const me = this.me();
      const version = (g.current?.version ?? 0) + 1;
      const current = {
        teamId: g.teamId,
        version,
        body: r.body,
        publishedAt: Date.now(),
        publishedBy: me.id,
        publisherName: me.name,
      };
      return this.replace({ ...g, current, acknowledgedVersion: version });
    },
    'guidelines:require': (r) => this.replace({ ...this.find(r.teamId), requireAck: r.required }),
    'guidelines:acknowledgements': (r) =>
      this.report ?? {
        teamId: r.teamId ?? null,
        currentVersion: null,
        memberCount: 0,
        byVersion: [],
        members: [],
      },
    'guidelines:export': (r) => ({ filename: `guidelines-${r.teamId ?? 'organization'}-v1.csv`, csv: this.csv }),
  };
}
