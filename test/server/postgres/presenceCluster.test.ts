// Presence and typing across two server processes on one PostgreSQL: the state lives in the database
// and the pushes travel through the socket.io PostgreSQL adapter, so a user connected to one node is
// seen online (and typing) by a reader connected to the other, an opt-out made on one node reaches
// the other's readers, and a node that shuts down takes its users offline for everyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChanged } from '../../../shared/protocol/index';
import { collect, connect, login, ok, waitFor, type ClientSocket } from '../../helpers/server';
import { startServerNode, stopServerNode, type ServerNode } from '../../helpers/serverNodes';
import { createTestStorage, type TestStorage } from '../../helpers/storage';
import { collectTyping } from '../typingPushes';

let storage: TestStorage;
const nodes: ServerNode[] = [];
const sockets: ClientSocket[] = [];

async function on(node: ServerNode, name: string): Promise<{ socket: ClientSocket; userId: string }> {
  const session = await login(node.url, `${name}@acme.test`);
  const socket = await connect(node.url, session.token);
  sockets.push(socket);
  return { socket, userId: session.user.id };
}

beforeAll(async () => {
  storage = await createTestStorage();
  nodes.push(await startServerNode(storage, { demo: true }));
  nodes.push(await startServerNode(storage));
}, 180_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(nodes.map((node) => stopServerNode(node)));
  await storage.dispose();
});

describe('presence on two server nodes', () => {
  it('shows a user online, typing and opted out across nodes, and offline once their node stops', async () => {
    const [nodeA, nodeB] = nodes as [ServerNode, ServerNode];
    const bob = await on(nodeB, 'bob');
    const design = (await ok(bob.socket, 'hello', {})).streams.find((s) => s.name === 'Design')!;
    const presence = collect<PresenceChanged>(bob.socket, 'presence:changed');
    const typing = collectTyping(bob.socket);

    const alice = await on(nodeA, 'alice');
    await waitFor(() => presence.some((p) => p.streamId === design.id && p.online.includes(alice.userId)));
    expect((await ok(bob.socket, 'presence:list', { streamId: design.id })).online).toContain(alice.userId);

    await ok(alice.socket, 'typing:signal', { streamId: design.id, typing: true });
    await waitFor(() => typing.some((t) => t.userId === alice.userId && t.typing));

    await ok(alice.socket, 'presence:set', { visible: false });
    await waitFor(() => presence.some((p) => p.streamId === design.id && p.offline.includes(alice.userId)));
    expect((await ok(bob.socket, 'presence:list', { streamId: design.id })).online).not.toContain(alice.userId);
    await ok(alice.socket, 'presence:set', { visible: true });
    await waitFor(
      () => presence.filter((p) => p.streamId === design.id && p.online.includes(alice.userId)).length >= 2,
    );

    // node A closes: its sockets' rows go in one statement and their streams are told before it exits
    const before = presence.length;
    await stopServerNode(nodeA);
    await waitFor(() => presence.slice(before).some((p) => p.offline.includes(alice.userId)), 10_000);
    expect((await ok(bob.socket, 'presence:list', { streamId: design.id })).online).toEqual([bob.userId]);
  });
});
