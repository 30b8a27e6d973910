import type { Socket } from 'socket.io-client';
import { join } from 'node:path';
import { uuidv7 } from '../../shared/domain/ids';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg, withServerDb } from '../fixtures/seedServer';
import { prng } from '../fixtures/text';
import { prepareDataDir, startCore, unwrap, waitForStatus, type CoreHandle } from '../lib/coreHarness';
import { benchStorage, targetOf, type BenchEngine } from '../lib/benchStorage';
import { shuffled } from '../lib/order';
import { absoluteTarget, lowerIsBetter } from '../lib/rows';
import { connectClient, startServerUnderTest, type ServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench, BenchContext, ResultRow } from '../lib/types';

/*
 * Sending one message, three ways, taking turns in a shuffled order per send so a burst of other
 * load hits all three alike:
 * - app: the app's whole path — the request the renderer makes (`message:send` into the client core,
 *   as the Electron main process or the browser host hands it over), the durable outbox write, the
 *   outbox sender, the server (validation, authorization, SQLite commit), the ack stored in the cache
 *   and the outbox row removed (the core's `sync:status` push with nothing pending). The renderer's
 *   own hop to the core (Electron IPC, or the browser host's WebSocket) is not included.
 * - server: a bare socket.io client sending `message:send` to the real server, awaiting its ack.
 * - echo (baseline): a bare socket.io ack echo of the same payload.
 * The app and server paths post in two streams, and the core's user does not read the server path's
 * stream, so neither receives the other's messages.
 *
 * Then the server path on each storage configuration, every server up at once and taking turns per
 * round in a shuffled order with the echo: SQLite with synchronous=FULL and group commit (the
 * default), SQLite FULL with one commit per send (what group commit saves), and PostgreSQL
 * (synchronous_commit=on; `--send.postgres 0` leaves it out). Each round, `senders` clients send one
 * message each at the same moment and wait for their acks; once with 1 sender, once with `senders`.
 */

type Path = 'app' | 'server' | 'echo';
const PATHS: readonly Path[] = ['app', 'server', 'echo'];

async function ackedSend(socket: Socket, event: string, payload: unknown): Promise<void> {
  const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string } };
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error?.code ?? '?'}`);
}

/** One send through the core, timed until its ack is stored; also returns when `message:send` answered. */
async function appSend(core: CoreHandle, streamId: string, body: string): Promise<{ total: number; accepted: number }> {
  const start = nowMs();
  unwrap(await core.invoke('message:send', { streamId, body }));
  const accepted = nowMs() - start;
  // registered right after the outbox write: the ack cannot arrive before this continuation runs
  await waitForStatus(core, (s) => s.pendingCount === 0, 10_000);
  return { total: nowMs() - start, accepted };
}

/** A storage configuration of the real server, as the engine comparison measures it. */
interface Config {
  key: string;
  label: string;
  engine: BenchEngine;
  groupCommit: boolean;
  /** Whether the p50 ≤ 5× echo target applies (not to the configuration that only shows the saving). */
  targeted: boolean;
}

const CONFIGS: readonly Config[] = [
  { key: 'group', label: 'SQLite FULL + group commit', engine: 'sqlite', groupCommit: true, targeted: true },
  { key: 'single', label: 'SQLite FULL, a commit per send', engine: 'sqlite', groupCommit: false, targeted: false },
  { key: 'postgres', label: 'PostgreSQL', engine: 'postgres', groupCommit: true, targeted: true },
];

/** One server of the comparison (or the echo) with the tokens of the clients that send to it. */
interface Contender {
  key: string;
  server: ServerUnderTest;
  tokens: Array<string | null>;
}

/** Sends one message from each socket at the same moment; resolves with each send's round trip. */
async function sendRound(sockets: Socket[], event: string, streamId: string, body: string): Promise<number[]> {
  return Promise.all(
    sockets.map(async (socket) => {
      const start = nowMs();
      await ackedSend(socket, event, { streamId, clientId: uuidv7(), body });
      return nowMs() - start;
    }),
  );
}

/** The server path on every storage configuration beside the echo, at 1 and at `senders` concurrent senders. */
async function compareEngines({ params, seed, workDir, log }: BenchContext): Promise<{
  rows: ResultRow[];
  details: Record<string, unknown>;
}> {
  const senders = params.senders!;
  const levels = [...new Set([1, senders])];
  const identity = makeIdentity(seed ^ 0xe9, 1, 0);
  const streamId = identity.streams[0]!.id;
  const configs = CONFIGS.filter((c) => c.engine === 'sqlite' || params.postgres === 1);
  const contenders: Contender[] = [];
  const sockets: Socket[] = [];
  try {
    for (const config of configs) {
      const storage = await benchStorage(config.engine, join(workDir, `engine-${config.key}`));
      const { tokens } = await seedOrg(targetOf(storage), identity, senders);
      const server = await startServerUnderTest('real', '', { storage, groupCommit: config.groupCommit });
      contenders.push({ key: config.key, server, tokens });
    }
    const bare = await startServerUnderTest('bare', join(workDir, 'engine-bare'));
    contenders.push({ key: 'echo', server: bare, tokens: Array.from({ length: senders }, () => null) });

    const times: Record<string, number[]> = {};
    const random = prng(seed ^ 0xe91);
    for (const concurrency of levels) {
      const connected = await Promise.all(
        contenders.map(async (c) => ({
          c,
          sockets: await Promise.all(c.tokens.slice(0, concurrency).map((t) => connectClient(c.server.url, t))),
        })),
      );
      sockets.push(...connected.flatMap((x) => x.sockets));
      for (let r = 0; r < params.warmup! + params.rounds!; r += 1) {
        for (const { c, sockets: group } of shuffled(connected, random)) {
          const event = c.key === 'echo' ? 'echo' : 'message:send';
          const rtts = await sendRound(group, event, streamId, `engine round ${r} at ${concurrency}`);
          if (r >= params.warmup!) (times[`${c.key}@${concurrency}`] ??= []).push(...rtts);
        }
      }
      for (const socket of connected.flatMap((x) => x.sockets)) socket.close();
    }

    const base = { bench: 'send', unit: 'ms', baselineLabel: 'bare ack echo' };
    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = {};
    for (const concurrency of levels) {
      const echo = summarize(times[`echo@${concurrency}`] ?? []);
      details[`echo@${concurrency}`] = echo;
      for (const config of configs) {
        const ours = summarize(times[`${config.key}@${concurrency}`] ?? []);
        details[`${config.key}@${concurrency}`] = ours;
        const metric = `p50, ${config.label}, ${concurrency} sender${concurrency > 1 ? 's' : ''}`;
        const note = `p95 ${round(ours.p95)} ms, echo p95 ${round(echo.p95)} ms`;
        log(`${metric}: ${round(ours.p50)} ms, ${note}; echo p50 ${round(echo.p50)} ms`);
        rows.push(
          config.targeted
            ? { ...lowerIsBetter({ ...base, metric }, ours.p50, echo.p50, 5), note }
            : { ...absoluteTarget({ ...base, metric }, ours.p50, echo.p50, 'context', true), met: null, note },
        );
      }
    }
    return { rows, details };
  } finally {
    for (const socket of sockets) socket.close();
    for (const c of contenders) await c.server.stop();
  }
}

/** The app path and the server path (SQLite, the default) beside the echo, one send at a time. */
async function appAndServerPaths({ params, seed, workDir, log }: BenchContext): Promise<{
  rows: ResultRow[];
  details: Record<string, unknown>;
}> {
  const identity = makeIdentity(seed, 2, 1);
  const [appStream, serverStream] = identity.streams as [(typeof identity.streams)[0], (typeof identity.streams)[0]];
  const body = (i: number): string => `round trip ${i} ${'lorem ipsum '.repeat(params.bodyWords! / 2)}`.trim();

  const realDir = join(workDir, 'real');
  const org = await seedOrg(realDir, identity, 0);
  await withServerDb(realDir, (tx) => tx.teams.deleteMembership(serverStream.teamId, identity.me.id, Date.now()));
  const bare = await startServerUnderTest('bare', join(workDir, 'bare'));
  const real = await startServerUnderTest('real', realDir);
  let echoSocket: Socket | null = null;
  let serverSocket: Socket | null = null;
  let core: CoreHandle | null = null;
  try {
    echoSocket = await connectClient(bare.url, null);
    // tokens follow seedOrg's order: identity.me first, then the authors
    serverSocket = await connectClient(real.url, org.tokens[1]!);
    const coreDir = join(workDir, 'client');
    prepareDataDir(coreDir, identity, null, real.url, org.tokens[0]!);
    core = startCore(coreDir, real.url);
    await waitForStatus(core, (s) => s.state === 'live', 30_000);

    const times: Record<Path, number[]> = { app: [], server: [], echo: [] };
    const accepted: number[] = [];
    const random = prng(seed ^ 0x5e4d);
    for (let i = 0; i < params.warmup! + params.sends!; i += 1) {
      for (const path of shuffled(PATHS, random)) {
        const start = nowMs();
        if (path === 'app') {
          const r = await appSend(core, appStream.id, body(i));
          if (i >= params.warmup!) accepted.push(r.accepted);
        } else if (path === 'server')
          await ackedSend(serverSocket, 'message:send', {
            streamId: serverStream.id,
            clientId: uuidv7(),
            body: body(i),
          });
        else await ackedSend(echoSocket, 'echo', { streamId: serverStream.id, clientId: uuidv7(), body: body(i) });
        if (i >= params.warmup!) times[path].push(nowMs() - start);
      }
    }
    const app = summarize(times.app);
    const server = summarize(times.server);
    const echo = summarize(times.echo);
    const outboxWrite = summarize(accepted);
    log(
      `p50 app ${round(app.p50)} (message:send answered ${round(outboxWrite.p50)}), server ${round(server.p50)}, echo ${round(echo.p50)} ms`,
    );
    const base = { bench: 'send', unit: 'ms', baselineLabel: 'bare ack echo' };
    const context = (metric: string, ours: number, baseline: number, note: string) => ({
      ...absoluteTarget({ ...base, metric }, ours, baseline, 'context', true),
      met: null,
      note,
    });
    return {
      rows: [
        { ...lowerIsBetter({ ...base, metric: 'p50, server path' }, server.p50, echo.p50, 5), note: 'socket → ack' },
        context(
          'p50, app path',
          app.p50,
          echo.p50,
          `request → ack stored; ${round(app.p50 / server.p50)}× the server path; outbox write ${round(outboxWrite.p50)} ms`,
        ),
        context('p99, server path', server.p99, echo.p99, 'socket → ack'),
        context('p99, app path', app.p99, echo.p99, 'request → ack stored'),
      ],
      details: {
        app,
        server,
        echo,
        appAccepted: outboxWrite,
        definition:
          'app: core.invoke(message:send) → sync:status with pendingCount 0 (ack stored, outbox row gone); server: socket message:send → ack; echo: bare socket.io ack',
      },
    };
  } finally {
    echoSocket?.close();
    serverSocket?.close();
    await core?.close();
    await real.stop();
    await bare.stop();
  }
}

export const sendBench: Bench = {
  name: 'send',
  title: 'Send round trip',
  metrics: ['p50, server path', 'p50, app path', 'p99, server path', 'p99, app path', 'p50 by storage engine'],
  sizes: {
    // tiny (the test suite's smoke run) leaves PostgreSQL out: starting a cluster would take most of its time cap
    tiny: { sends: 100, warmup: 10, bodyWords: 12, senders: 4, rounds: 10, postgres: 0 },
    default: { sends: 2000, warmup: 200, bodyWords: 12, senders: 16, rounds: 400, postgres: 1 },
  },
  async run(ctx) {
    const paths = await appAndServerPaths(ctx);
    const engines = await compareEngines(ctx);
    return { rows: [...paths.rows, ...engines.rows], details: { ...paths.details, engines: engines.details } };
  },
};
