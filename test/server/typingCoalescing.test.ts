// Typing is pushed coalesced (both engines): the signals of one window reach each reader of the stream
// as one `typing:changed` with all of them (a user's latest per thread), a typist never hears their own
// (on any device) but does hear the others', and the push goes to the stream's readers only, in team
// streams, threads and direct conversations alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stream, TypingChanged } from '../../shared/protocol/index';
import { createBroadcaster } from '../../server/socket/broadcaster';
import { TypingCoalescer } from '../../server/socket/typingCoalescer';
import { createEffects } from '../../server/domain/effects';
import {
  afterSentinel,
  collect,
  loginAndConnect,
  ok,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';
import { names } from './typingPushes';

/** Long enough that signals sent together always share a window, even on a loaded machine. */
const WINDOW_MS = 1_000;

let ts: TestServer;
const open: ClientSocket[] = [];
const ids: Record<string, string> = {};
let design: Stream;
let acme: Stream;

async function connectAs(name: string): Promise<ClientSocket> {
  const { socket, user } = await loginAndConnect(ts.url, `${name}@acme.test`);
  ids[name] = user.id;
  open.push(socket);
  await ok(socket, 'hello', {});
  return socket;
}

const signal = (socket: ClientSocket, streamId: string, typing: boolean, threadRootId?: string) =>
  ok(socket, 'typing:signal', { streamId, typing, ...(threadRootId ? { threadRootId } : {}) });

const inStream = (pushes: TypingChanged[], streamId: string) => pushes.filter((p) => p.streamId === streamId);

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 1000, burst: 1000 }, typingFlushMs: WINDOW_MS });
  const alice = await connectAs('alice');
  const { streams } = await ok(alice, 'hello', {});
  design = streams.find((s) => s.name === 'Design')!;
  acme = streams.find((s) => s.kind === 'org')!;
});
afterAll(async () => {
  for (const socket of open) socket.close();
  await ts?.close();
});

describe('typing pushed coalesced', () => {
  it('gives each reader one push per window with every typist, each typist only the others', async () => {
    const [alice, alicePhone, bob, carol, dave] = await Promise.all(
      ['alice', 'alice', 'bob', 'carol', 'dave'].map(connectAs),
    );
    const root = (await ok(dave!, 'message:send', { streamId: acme.id, clientId: crypto.randomUUID(), body: 'root' }))
      .message.id;
    const seen = Object.fromEntries(
      (
        [
          ['alice', alice],
          ['alicePhone', alicePhone],
          ['bob', bob],
          ['carol', carol],
          ['dave', dave],
        ] as const
      ).map(([name, socket]) => [name, collect<TypingChanged>(socket!, 'typing:changed')]),
    );

    await Promise.all([
      signal(alice!, acme.id, true),
      signal(bob!, acme.id, true),
      signal(carol!, acme.id, true, root),
    ]);
    await waitFor(() => inStream(seen.dave!, acme.id).length > 0, 10_000);
    // the next window's push (dave typing alone) is everyone's sentinel: nothing else came in between
    await afterSentinel<TypingChanged>(
      alice!,
      'typing:changed',
      (p) => names(p, ids.dave),
      () => signal(dave!, acme.id, true),
    );
    await waitFor(() => ['alicePhone', 'bob', 'carol'].every((n) => seen[n]!.some((p) => names(p, ids.dave))));

    const alicesChange = { userId: ids.alice, typing: true };
    const bobsChange = { userId: ids.bob, typing: true };
    const carolsChange = { userId: ids.carol, typing: true, threadRootId: root };
    const davesPush = { streamId: acme.id, changes: [{ userId: ids.dave, typing: true }] };
    const window = (...changes: object[]) => ({ streamId: acme.id, changes: expect.arrayContaining(changes) });
    expect(seen.dave).toEqual([window(alicesChange, bobsChange, carolsChange)]);
    expect(seen.dave![0]!.changes).toHaveLength(3);
    // typists: the others' changes only, on every device of theirs
    for (const name of ['alice', 'alicePhone']) {
      expect(seen[name]).toEqual([window(bobsChange, carolsChange), davesPush]);
      expect(seen[name]![0]!.changes).toHaveLength(2);
    }
    expect(seen.bob).toEqual([window(alicesChange, carolsChange), davesPush]);
    expect(seen.carol).toEqual([window(alicesChange, bobsChange), davesPush]);
    expect(seen.bob![0]!.changes).toHaveLength(2);
    expect(seen.carol![0]!.changes).toHaveLength(2);
  });

  it('keeps a typist’s latest state per window (a stop is delivered), to the stream’s readers only', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(connectAs));
    const bobSees = collect<TypingChanged>(bob!, 'typing:changed');
    const carolSees = collect<TypingChanged>(carol!, 'typing:changed');
    const aliceSees = collect<TypingChanged>(alice!, 'typing:changed');

    // one window: a start then a stop in Design, a thread reply started in Design
    await signal(alice!, design.id, true);
    await signal(alice!, design.id, true, acme.id);
    await signal(alice!, design.id, false);
    await waitFor(() => bobSees.length > 0, 10_000);
    expect(bobSees).toEqual([
      {
        streamId: design.id,
        changes: [
          { userId: ids.alice, typing: true, threadRootId: acme.id },
          { userId: ids.alice, typing: false },
        ],
      },
    ]);
    // carol does not read Design: bob typing in the org stream is her sentinel
    await afterSentinel<TypingChanged>(
      carol!,
      'typing:changed',
      (p) => names(p, ids.bob),
      () => signal(bob!, acme.id, false),
    );
    expect(inStream(carolSees, design.id)).toEqual([]);
    await waitFor(() => aliceSees.some((p) => names(p, ids.bob)));
    expect(aliceSees.filter((p) => names(p, ids.alice))).toEqual([]);
  });

  it('reaches a direct conversation’s other participant, and nobody else', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(connectAs));
    const { stream: dm } = await ok(alice!, 'dm:open', { userIds: [ids.carol!] });
    const carolSees = collect<TypingChanged>(carol!, 'typing:changed');
    const bobSees = collect<TypingChanged>(bob!, 'typing:changed');

    await Promise.all([signal(alice!, dm.id, true), signal(carol!, dm.id, true)]);
    await waitFor(() => inStream(carolSees, dm.id).length > 0, 10_000);
    expect(inStream(carolSees, dm.id)).toEqual([{ streamId: dm.id, changes: [{ userId: ids.alice, typing: true }] }]);
    // bob is not in the conversation: alice typing in Design (which he reads) is his sentinel
    await afterSentinel<TypingChanged>(
      bob!,
      'typing:changed',
      (p) => p.streamId === design.id,
      () => signal(alice!, design.id, false),
    );
    expect(inStream(bobSees, dm.id)).toEqual([]);
  });
});

describe('a typist who leaves the stream within the window', () => {
  it('is dropped from the window and hears nothing of it', () => {
    const emitted: Array<{ rooms: string[]; except: string[]; payload: unknown }> = [];
    // a recording stand-in for the socket.io server: the rooms and payload of each emit
    const target = (rooms: string[], except: string[] = []) => ({
      except: (more: string | string[]) => target(rooms, except.concat(more)),
      emit: (_name: string, payload: unknown) => void emitted.push({ rooms, except, payload }),
      socketsJoin: () => undefined,
      socketsLeave: () => undefined,
      disconnectSockets: () => undefined,
    });
    const io = { to: (room: string | string[]) => target([room].flat()), in: (room: string) => target([room]) };
    const typing = new TypingCoalescer(io as never, 60_000);
    const broadcast = createBroadcaster(io as never, typing);
    const effects = createEffects();
    effects.typing.push(
      { streamId: 's1', userId: 'u1', typing: true },
      { streamId: 's1', userId: 'u2', typing: true },
      { streamId: 's2', userId: 'u1', typing: true },
    );
    broadcast(effects);
    const removal = createEffects();
    removal.membership.push({ userId: 'u1', streamId: 's1', change: 'removed' });
    broadcast(removal);
    emitted.length = 0;
    typing.flush();
    expect(emitted).toEqual([
      {
        rooms: ['stream:s1'],
        except: ['user:u2'],
        payload: { streamId: 's1', changes: [{ userId: 'u2', typing: true }] },
      },
      {
        rooms: ['stream:s2'],
        except: ['user:u1'],
        payload: { streamId: 's2', changes: [{ userId: 'u1', typing: true }] },
      },
    ]);
    typing.close();
  });
});
