import type { Socket } from 'socket.io-client';
import { join } from 'node:path';
import { deleteMembership } from '../../server/repositories/teams.repository';
import { uuidv7 } from '../../shared/domain/ids';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg, withServerDb } from '../fixtures/seedServer';
import { prng } from '../fixtures/text';
import { prepareDataDir, startCore, unwrap, waitForStatus, type CoreHandle } from '../lib/coreHarness';
import { shuffled } from '../lib/order';
import { absoluteTarget, lowerIsBetter } from '../lib/rows';
import { connectClient, startServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench } from '../lib/types';

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

export const sendBench: Bench = {
  name: 'send',
  title: 'Send round trip',
  metrics: ['p50, server path', 'p50, app path', 'p99, server path', 'p99, app path'],
  sizes: { tiny: { sends: 100, warmup: 10, bodyWords: 12 }, default: { sends: 2000, warmup: 200, bodyWords: 12 } },
  async run({ params, seed, workDir, log }) {
    const identity = makeIdentity(seed, 2, 1);
    const [appStream, serverStream] = identity.streams as [(typeof identity.streams)[0], (typeof identity.streams)[0]];
    const body = (i: number): string => `round trip ${i} ${'lorem ipsum '.repeat(params.bodyWords! / 2)}`.trim();

    const realDir = join(workDir, 'real');
    const org = await seedOrg(realDir, identity, 0);
    await withServerDb(realDir, (db) => deleteMembership(db, serverStream.teamId, identity.me.id));
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
  },
};
