// Per-user budgets, connection caps, byte-capped pages and the per-connection request gate.
import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { RequestGate } from '../../server/socket/requestGate';
import {
  connect,
  login,
  loginAndConnect,
  ok,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer | null = null;
const open: ClientSocket[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await ts?.close();
  ts = null;
});

describe('request budget per user', () => {
  it('is shared by all of a user’s sockets: more sockets do not buy more sends', async () => {
    ts = await startTestServer({ rateLimit: { perSecond: 1, burst: 5, connectionsPerUser: 10 } });
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < 5; i += 1) sockets.push((await loginAndConnect(ts.url, 'bob@acme.test')).socket);
    open.push(...sockets);
    const design = await streamNamed(sockets[0]!, 'Design'); // takes one from the shared budget
    const acks = await Promise.all(
      sockets.flatMap((s) =>
        Array.from({ length: 5 }, () =>
          request(s, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'one of many' }),
        ),
      ),
    );
    const accepted = acks.filter((a) => a.ok).length;
    // per socket this was 25 accepted; per user it is the burst (minus the hello) plus what refilled
    expect(accepted).toBeLessThanOrEqual(6);
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(19);
    // another user's budget is their own
    const { socket: alice } = await loginAndConnect(ts.url, 'alice@acme.test');
    open.push(alice);
    expect((await request(alice, 'hello', {})).ok).toBe(true);
  });
});

describe('connection caps', () => {
  it('refuses the sixth socket of one token and the eleventh of one user, with RATE_LIMITED', async () => {
    ts = await startTestServer();
    const { token } = await login(ts.url, 'carol@acme.test');
    for (let i = 0; i < 5; i += 1) open.push(await connect(ts.url, token));
    await expect(connect(ts.url, token)).rejects.toThrow('RATE_LIMITED');
    for (let i = 0; i < 5; i += 1) open.push(await connect(ts.url, (await login(ts.url, 'carol@acme.test')).token));
    const fresh = (await login(ts.url, 'carol@acme.test')).token;
    await expect(connect(ts.url, fresh)).rejects.toThrow('RATE_LIMITED');
    // a closed socket frees its place
    const leaving = open.shift()!;
    const gone = new Promise((r) => leaving.once('disconnect', r));
    leaving.close();
    await gone;
    let again: ClientSocket | null = null;
    for (let tries = 0; again === null && tries < 50; tries += 1) {
      again = await connect(ts.url, fresh).catch(() => null);
      if (again === null) await new Promise((r) => setTimeout(r, 20));
    }
    expect(again).not.toBeNull();
    open.push(again!);
    // other users are not affected
    open.push((await loginAndConnect(ts.url, 'dave@acme.test')).socket);
  });
});

describe('pages are capped by bytes as well as by count', () => {
  /** The server's cap lowered for the test (MAX_PAGE_BYTES, 1 MiB, needs more than a socket frame). */
  const PAGE_BYTES = 100_000;

  it('serves big messages in pages of at most the byte cap, and one oversized event alone', async () => {
    ts = await startTestServer({
      maxBodyChars: 200_000,
      maxPageBytes: PAGE_BYTES,
      rateLimit: { perSecond: 1000, burst: 1000 },
    });
    const { socket: alice } = await loginAndConnect(ts.url, 'alice@acme.test');
    open.push(alice);
    const design = await streamNamed(alice, 'Design');
    const big = 'x'.repeat(15_000);
    for (let i = 0; i < 40; i += 1)
      await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: `${i} ${big}` });
    const huge = await ok(alice, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: 'y'.repeat(150_000),
    });
    let afterSeq = 0;
    let pages = 0;
    const seen: number[] = [];
    for (;;) {
      const page = await ok(alice, 'sync', { streamId: design.id, afterSeq, limit: 500 });
      pages += 1;
      expect(page.events.length).toBeGreaterThan(0);
      const bytes = page.events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
      if (page.events.length > 1) expect(bytes).toBeLessThanOrEqual(PAGE_BYTES);
      seen.push(...page.events.map((e) => e.seq));
      afterSeq = page.events[page.events.length - 1]!.seq;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(seen[seen.length - 1]).toBe(huge.message.seq);
    expect(pages).toBeGreaterThanOrEqual(3);
    // history pages the same way, newest first, and also makes progress on the oversized message
    const first = await ok(alice, 'history', { streamId: design.id, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 500 });
    expect(first.messages.map((m) => m.id)).toEqual([huge.message.id]);
    expect(first.hasMore).toBe(true);
    const second = await ok(alice, 'history', { streamId: design.id, beforeSeq: huge.message.seq, limit: 500 });
    expect(second.messages.length).toBeGreaterThan(1);
    expect(second.messages.length).toBeLessThan(40);
    expect(second.hasMore).toBe(true);
  });
});

/** A stand-in for a socket.io socket: only what the gate reads (connection state, output buffers, events). */
function fakeSocket(): {
  socket: Socket;
  setBacklog(bytes: number): void;
  emitter: EventEmitter;
  transport: EventEmitter;
} {
  const emitter = new EventEmitter();
  const transport = Object.assign(new EventEmitter(), { socket: { bufferedAmount: 0 } });
  const socket = Object.assign(emitter, { connected: true, conn: { transport, writeBuffer: [] } });
  return {
    socket: socket as unknown as Socket,
    setBacklog: (bytes) => (transport.socket.bufferedAmount = bytes),
    emitter,
    transport,
  };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('RequestGate', () => {
  it('runs one request per turn, waits while answers are still going out, and refuses a full queue', async () => {
    const fake = fakeSocket();
    const gate = new RequestGate(fake.socket, { maxQueued: 3, maxQueuedBytes: 1_000_000, highWaterBytes: 100 });
    const ran: number[] = [];
    const job = (n: number) => () => ran.push(n);
    expect(gate.submit(job(1), () => 10)).toBe(true);
    expect(ran).toEqual([1]); // an idle gate runs at once
    expect(gate.submit(job(2), () => 10)).toBe(true);
    expect(gate.submit(job(3), () => 10)).toBe(true);
    expect(gate.submit(job(4), () => 10)).toBe(true);
    expect(gate.submit(job(5), () => 10)).toBe(false); // queue of 3 is full
    expect(ran).toEqual([1]);
    fake.setBacklog(1_000);
    await nextTurn();
    expect(ran).toEqual([1]); // output above the high-water mark: nothing more runs
    fake.setBacklog(0);
    fake.transport.emit('drain');
    expect(ran).toEqual([1, 2]);
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual([1, 2, 3, 4]);
  });

  it('bounds queued payload bytes, but always queues one request', async () => {
    const fake = fakeSocket();
    const gate = new RequestGate(fake.socket, { maxQueued: 10, maxQueuedBytes: 100, highWaterBytes: 100 });
    fake.setBacklog(1_000);
    expect(
      gate.submit(
        () => undefined,
        () => 500,
      ),
    ).toBe(true);
    expect(
      gate.submit(
        () => undefined,
        () => 1,
      ),
    ).toBe(false);
    expect(gate.queued).toBe(1);
  });

  it('drops the queued work of a connection that has gone: nothing of it ever runs', async () => {
    const fake = fakeSocket();
    const gate = new RequestGate(fake.socket, { maxQueued: 10, maxQueuedBytes: 1_000_000, highWaterBytes: 100 });
    const ran: string[] = [];
    fake.setBacklog(1_000);
    for (const name of ['a', 'b', 'c'])
      gate.submit(
        () => ran.push(name),
        () => 1,
      );
    expect(gate.queued).toBe(3);
    (fake.socket as unknown as { connected: boolean }).connected = false;
    fake.emitter.emit('disconnect');
    fake.setBacklog(0);
    fake.transport.emit('drain');
    await nextTurn();
    expect(gate.queued).toBe(0);
    // a later request on the same gate object (a sentinel) proves the pump is idle, not stuck
    (fake.socket as unknown as { connected: boolean }).connected = true;
    gate.submit(
      () => ran.push('sentinel'),
      () => 1,
    );
    expect(ran).toEqual(['sentinel']);
  });
});
