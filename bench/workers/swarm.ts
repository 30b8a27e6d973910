/*
 * A swarm of socket.io clients in one process: connects N sockets (each with its own token, or none
 * for the bare relay), counts `event` deliveries and records send→receive latency from the send time
 * the sender wrote into each body (CLOCK_MONOTONIC, shared by every process on the machine).
 */
import { io, type Socket } from 'socket.io-client';
import { nowMs } from '../lib/stats';
import { serveCommands } from '../lib/workers';

const sockets: Socket[] = [];
/** Each socket's url and token, so `churn` can reconnect it as the same user. */
const origins = new WeakMap<Socket, { url: string; token: string | null }>();
let received = 0;
/** Bytes of every packet the swarm's sockets received (engine.io payloads), since the last reset. */
let bytes = 0;
let lastReceiveMs = 0;
// Bounded sample: a 1,000-client step can deliver millions of events.
const MAX_SAMPLES = 400_000;
let latencies: number[] = [];
let seen = 0;

function onEvent(payload: { message?: { body?: string } | null }): void {
  const body = payload.message?.body;
  if (typeof body !== 'string' || !body.startsWith('bench ')) return;
  const now = nowMs();
  received += 1;
  lastReceiveMs = now;
  seen += 1;
  const latency = now - Number(body.slice(6, body.indexOf(' ', 6)));
  if (latencies.length < MAX_SAMPLES) latencies.push(latency);
  else {
    // Reservoir sampling keeps the percentiles unbiased once the buffer is full.
    const slot = Math.floor(Math.random() * seen);
    if (slot < MAX_SAMPLES) latencies[slot] = latency;
  }
}

function connectOne(url: string, token: string | null): Promise<Socket> {
  const socket = io(url, {
    auth: token === null ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  origins.set(socket, { url, token });
  socket.io.on('open', () => {
    socket.io.engine.on('data', (data: string | ArrayBuffer) => {
      bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    });
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

serveCommands({
  /** Connects `count` clients, `concurrency` handshakes at a time; tokens[i] authenticates client i. */
  async connect(args: { url: string; count: number; tokens: string[] | null; concurrency: number; listen: boolean }) {
    let next = 0;
    const workers = Array.from({ length: Math.min(args.concurrency, args.count) }, async () => {
      while (next < args.count) {
        const i = next++;
        const socket = await connectOne(args.url, args.tokens === null ? null : args.tokens[i]!);
        if (args.listen) socket.on('event', onEvent);
        sockets.push(socket);
      }
    });
    await Promise.all(workers);
    return sockets.length;
  },
  /** Zeroes the counters at the start of a load step. */
  reset() {
    received = 0;
    lastReceiveMs = 0;
    latencies = [];
    seen = 0;
    bytes = 0;
    return true;
  },
  /** Bytes received by all sockets since the last reset. */
  bytes() {
    return bytes;
  },
  /**
   * Typing: the first `typists` sockets each send `typing:signal` every `intervalMs` for `seconds`
   * (as a client does while its user types), then a stop; resolves with how many were refused.
   */
  async typing(args: { streamId: string; typists: number; intervalMs: number; seconds: number }) {
    const typists = sockets.slice(0, args.typists);
    const until = nowMs() + args.seconds * 1000;
    let refused = 0;
    const signal = (s: Socket, typing: boolean) =>
      s
        .timeout(30_000)
        .emitWithAck('typing:signal', { streamId: args.streamId, typing })
        .then(
          (ack: { ok: boolean }) => void (ack.ok ? undefined : (refused += 1)),
          () => void (refused += 1),
        );
    await Promise.all(
      typists.map(async (s, i) => {
        // spread the typists over the interval, as independent people are
        await new Promise((r) => setTimeout(r, (i * args.intervalMs) / Math.max(1, typists.length)));
        while (nowMs() < until) {
          await signal(s, true);
          await new Promise((r) => setTimeout(r, args.intervalMs));
        }
        await signal(s, false);
      }),
    );
    return refused;
  },
  /** Presence churn: closes and reopens `count` sockets (the last ones), spread over `seconds`. */
  async churn(args: { count: number; seconds: number }) {
    const n = Math.min(args.count, sockets.length);
    for (let k = 0; k < n; k += 1) {
      const at = sockets.length - 1 - k;
      const old = sockets[at]!;
      const origin = origins.get(old)!;
      old.close();
      sockets[at] = await connectOne(origin.url, origin.token);
      await new Promise((r) => setTimeout(r, (args.seconds * 1000) / n));
    }
    return n;
  },
  /** Deliveries and latency sample since the last reset. */
  stats() {
    return { received, lastReceiveMs, latencies };
  },
  connected() {
    return sockets.filter((s) => s.connected).length;
  },
  disconnect() {
    for (const s of sockets) s.close();
    sockets.length = 0;
    return true;
  },
});
