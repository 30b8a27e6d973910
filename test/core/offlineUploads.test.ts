// Offline attachments through real client cores and a real server: a file attached offline is staged
// durably with its send, survives a restart of the core, and is delivered exactly once (one message,
// one file) when the server returns; an upload cut mid-body is retried without a second copy; and a
// discarded send takes its staged files with it.
import { readdirSync, statSync } from 'node:fs';
import * as net from 'node:net';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import { FILE_CHUNK_BYTES } from '../../shared/ipc';
import {
  openCore,
  serverStreamState,
  signedInCore,
  streamIdByName,
  tempDataDir,
  useRestartableServer,
  waitUntil,
  type TestCore,
} from '../helpers/core';

/** Stages bytes in the core as the page does (stage, chunks); the upload is left to the caller. */
async function stage(t: TestCore, streamId: string, name: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await t.call('file:stage', { streamId, name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64');
    await t.call('file:chunk', { uploadId, offset, data });
  }
  return uploadId;
}

async function stagedFiles(t: TestCore): Promise<string[]> {
  const userId = (await t.call('session:get', {})).user!.id;
  try {
    return readdirSync(join(dirname(cacheFile(t.dataDir, userId)), 'pending-uploads')).sort();
  } catch {
    return [];
  }
}

/** Every key the server's file store holds (SQLite deployments: a folder beside the database). */
function serverKeys(dataDir: string): string[] {
  const walk = (dir: string): string[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [n]));
  };
  return walk(join(dataDir, 'files')).sort();
}

/**
 * A loopback proxy that, while armed, cuts the next file upload passing through it after `cutAfter`
 * bytes of it (both directions, as a lost network would); everything else passes untouched.
 */
async function uploadCuttingProxy(targetPort: number, cutAfter: number) {
  let armed = false;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cutting = false;
    let forwarded = 0;
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.subarray(0, 15).toString('latin1') === 'POST /api/files') {
        armed = false;
        cutting = true;
      }
      if (cutting) {
        forwarded += chunk.length;
        if (forwarded > cutAfter) {
          cuts += 1;
          drop();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    arm: () => {
      armed = true;
    },
    cuts: () => cuts,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('files attached offline', () => {
  const server = useRestartableServer();
  const dataDir = tempDataDir();
  let design = '';
  let uploadId = '';
  let photo: Buffer;
  const cores: TestCore[] = [];
  afterAll(async () => {
    await Promise.all(cores.map((t) => t.core.close()));
  });

  it('stages a file attached offline with its send, shown at once with a local preview', async () => {
    const alice = await signedInCore(server().url, 'alice@acme.test', dataDir);
    design = await streamIdByName(alice, 'Design');
    await server().stop();
    await alice.waitForState('offline');
    photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 9, g: 90, b: 200 } } })
      .png()
      .toBuffer();
    uploadId = await stage(alice, design, 'sketch.png', photo);
    const refused = await alice.core.invoke('file:upload', { uploadId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const { clientId } = await alice.call('message:send', {
      streamId: design,
      body: 'from the train',
      uploadIds: [uploadId],
    });
    const pending = (await alice.call('message:list', { streamId: design })).messages.find(
      (m) => m.clientId === clientId,
    );
    expect(pending?.status).toBe('pending');
    expect(pending?.files).toEqual([
      {
        id: uploadId,
        name: 'sketch.png',
        size: photo.length,
        mime: 'image/png',
        width: null,
        height: null,
        thumbnail: true,
      },
    ]);
    const preview = await alice.call('file:thumbnail', { fileId: uploadId });
    expect(Buffer.from(preview.data, 'base64').equals(photo)).toBe(true);
    expect(await stagedFiles(alice)).toEqual([uploadId]);
    await alice.core.close();
  });

  it('keeps the staged file across a restart and delivers one message with one file when online', async () => {
    const again = openCore(dataDir);
    cores.push(again);
    // restarted offline: the send and its file are still there
    const list = await again.call('message:list', { streamId: design });
    expect(list.messages.filter((m) => m.body === 'from the train').map((m) => m.files?.[0]?.id)).toEqual([uploadId]);
    expect(await stagedFiles(again)).toEqual([uploadId]);

    await server().start();
    await again.waitForState('live', 15_000);
    await waitUntil(() => again.statuses.at(-1)?.pendingCount === 0, 15_000, 'outbox drained');
    const truth = await serverStreamState(server().url, 'alice@acme.test', design);
    const sent = truth.filter((m) => m.body === 'from the train');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.files).toHaveLength(1);
    expect(sent[0]!.files![0]).toMatchObject({
      name: 'sketch.png',
      size: photo.length,
      mime: 'image/png',
      thumbnail: true,
    });
    // the server holds the file and its thumbnail, nothing else of this upload
    const fileId = sent[0]!.files![0]!.id;
    expect(serverKeys(server().dataDir).filter((k) => k.startsWith(fileId))).toEqual([fileId, `${fileId}.thumb`]);
    // the cached message carries the server's file now, and the staged copy is gone
    const cached = (await again.call('message:list', { streamId: design })).messages.find(
      (m) => m.body === 'from the train',
    );
    expect(cached?.status).toBe('sent');
    expect(cached?.files?.[0]?.id).toBe(fileId);
    expect(await stagedFiles(again)).toEqual([]);
  });

  it('retries an upload cut mid-body and stores the file once', async () => {
    const proxy = await uploadCuttingProxy(server().port, 1024 * 1024);
    try {
      const bob = await signedInCore(proxy.url, 'bob@acme.test');
      cores.push(bob);
      await server().stop();
      await bob.waitForState('offline');
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 5);
      const id = await stage(bob, design, 'survey.bin', bytes);
      await bob.call('message:send', { streamId: design, body: 'survey data', uploadIds: [id] });
      const before = serverKeys(server().dataDir);
      proxy.arm();
      await server().start();
      await waitUntil(
        () => bob.statuses.at(-1)?.state === 'live' && bob.statuses.at(-1)?.pendingCount === 0,
        20_000,
        'sent',
      );
      expect(proxy.cuts()).toBe(1);
      const sent = (await serverStreamState(server().url, 'bob@acme.test', design)).filter(
        (m) => m.body === 'survey data',
      );
      expect(sent).toHaveLength(1);
      expect(sent[0]!.files!.map((f) => [f.name, f.size])).toEqual([['survey.bin', bytes.length]]);
      // the cut upload left nothing: one new key, the stored file
      expect(serverKeys(server().dataDir).filter((k) => !before.includes(k))).toEqual([sent[0]!.files![0]!.id]);
      expect(await stagedFiles(bob)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('removes the staged files of a send discarded before it went', async () => {
    const carol = await signedInCore(server().url, 'carol@acme.test');
    cores.push(carol);
    const team = await streamIdByName(carol, 'Acme');
    await server().stop();
    await carol.waitForState('offline');
    const first = await stage(carol, team, 'a.txt', Buffer.from('first'));
    const second = await stage(carol, team, 'b.txt', Buffer.from('second'));
    const { clientId } = await carol.call('message:send', { streamId: team, body: '', uploadIds: [first, second] });
    expect(await stagedFiles(carol)).toEqual([first, second].sort());
    await carol.call('outbox:discard', { clientId });
    expect(await stagedFiles(carol)).toEqual([]);
    const list = await carol.call('message:list', { streamId: team });
    expect(list.messages.some((m) => m.clientId === clientId)).toBe(false);
    // a send of files already on the server (or none) still cannot be taken back while pending
    const plain = await carol.call('message:send', { streamId: team, body: 'plain' });
    expect(await carol.core.invoke('outbox:discard', { clientId: plain.clientId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await server().start();
    await carol.waitForState('live', 15_000);
  });
});
