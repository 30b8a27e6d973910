import { join } from 'node:path';
import { uuidv7 } from '../../shared/domain/ids';
import { makeIdentity } from '../fixtures/ids';
import { seedOrg } from '../fixtures/seedServer';
import { absoluteTarget, lowerIsBetter } from '../lib/rows';
import { connectClient, startServerUnderTest } from '../lib/serverUnderTest';
import { nowMs, round, summarize } from '../lib/stats';
import type { Bench } from '../lib/types';

/*
 * Send round trip: one client sends messages one after another, each waiting for the server's ack
 * (which the real server gives after validation, authorization and the SQLite commit). Baseline: a
 * bare socket.io ack echo of the same payload.
 */

async function roundTrips(
  url: string,
  token: string | null,
  event: string,
  payload: (i: number) => unknown,
  n: number,
  warmup: number,
): Promise<number[]> {
  const socket = await connectClient(url, token);
  try {
    const times: number[] = [];
    for (let i = 0; i < warmup + n; i += 1) {
      const start = nowMs();
      const ack = (await socket.timeout(10_000).emitWithAck(event, payload(i))) as {
        ok: boolean;
        error?: { code: string };
      };
      if (!ack.ok) throw new Error(`${event} refused: ${ack.error?.code ?? '?'}`);
      if (i >= warmup) times.push(nowMs() - start);
    }
    return times;
  } finally {
    socket.close();
  }
}

export const sendBench: Bench = {
  name: 'send',
  title: 'Send round trip',
  metrics: ['p50', 'p99'],
  sizes: { tiny: { sends: 200, warmup: 20, bodyWords: 12 }, default: { sends: 3000, warmup: 200, bodyWords: 12 } },
  async run({ params, seed, workDir, log }) {
    const identity = makeIdentity(seed, 1, 0);
    const streamId = identity.streams[0]!.id;
    const body = (i: number): string => `round trip ${i} ${'lorem ipsum '.repeat(params.bodyWords! / 2)}`.trim();

    const bare = await startServerUnderTest('bare', join(workDir, 'bare'));
    let bareTimes: number[];
    try {
      bareTimes = await roundTrips(
        bare.url,
        null,
        'echo',
        (i) => ({ streamId, clientId: uuidv7(), body: body(i) }),
        params.sends!,
        params.warmup!,
      );
    } finally {
      await bare.stop();
    }
    const dataDir = join(workDir, 'real');
    const org = await seedOrg(dataDir, identity, 0);
    const real = await startServerUnderTest('real', dataDir);
    let realTimes: number[];
    try {
      realTimes = await roundTrips(
        real.url,
        org.tokens[0]!,
        'message:send',
        (i) => ({ streamId, clientId: uuidv7(), body: body(i) }),
        params.sends!,
        params.warmup!,
      );
    } finally {
      await real.stop();
    }
    const ours = summarize(realTimes);
    const base = summarize(bareTimes);
    log(`real p50 ${round(ours.p50)} p99 ${round(ours.p99)} ms; bare p50 ${round(base.p50)} p99 ${round(base.p99)} ms`);
    return {
      rows: [
        lowerIsBetter(
          { bench: 'send', metric: 'p50', unit: 'ms', baselineLabel: 'bare ack echo' },
          ours.p50,
          base.p50,
          5,
        ),
        {
          ...absoluteTarget(
            { bench: 'send', metric: 'p99', unit: 'ms', baselineLabel: 'bare ack echo' },
            ours.p99,
            base.p99,
            'context',
            true,
          ),
          met: null,
        },
      ],
      details: { real: ours, bare: base },
    };
  },
};
