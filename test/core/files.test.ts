// Files through real client cores and a real server: staged chunked uploads with progress and cancel,
// the org's size limit before any byte moves, offline staging, files-only messages through the
// outbox, thumbnails fetched ahead as messages arrive, files opened once readable offline, the LRU
// bound, and nothing left on the computer after signing out.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import { FILE_CHUNK_BYTES, type IpcPush } from '../../shared/ipc';
import type { FileRef } from '../../shared/protocol';
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/protocol/limits';
import { signedInAcme, signedInCore, useRestartableServer, waitUntil, type TestCore } from '../helpers/core';

/** Uploads bytes through the core as the renderer does: stage, chunks, upload; records progress. */
async function attach(
  t: TestCore,
  streamId: string,
  name: string,
  bytes: Buffer,
  progress: IpcPush<'file:progress'>[] = [],
): Promise<FileRef> {
  const { uploadId } = await t.call('file:stage', { streamId, name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64');
    await t.call('file:chunk', { uploadId, offset, data });
  }
  const off = t.core.on('file:progress', (p) => {
    if (p.uploadId === uploadId) progress.push(p);
  });
  try {
    return (await t.call('file:upload', { uploadId })).file;
  } finally {
    off();
  }
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 20 } } })
    .png()
    .toBuffer();
}

async function errorOf(t: TestCore, promise: ReturnType<TestCore['core']['invoke']>) {
  const res = await promise;
  if (res.ok) throw new Error('expected a refusal');
  return res.error;
}

describe('files through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let design = '';

  beforeAll(async () => {
    ({ alice, bob, carol, design } = await signedInAcme(server().url));
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  it('uploads with progress, sends a files-only message, and the reader gets the preview ahead', async () => {
    const image = await png(1200, 800);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(FILE_CHUNK_BYTES * 2 + 123, 7)]);
    const progress: IpcPush<'file:progress'>[] = [];
    const photo = await attach(bob, design, 'photo.png', image);
    const report = await attach(bob, design, 'report.pdf', pdf, progress);
    expect(photo).toMatchObject({ name: 'photo.png', mime: 'image/png', width: 1200, height: 800, thumbnail: true });
    expect(report).toMatchObject({ name: 'report.pdf', mime: 'application/pdf', size: pdf.length, thumbnail: false });
    // progress counts up to the whole file
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ sent: pdf.length, total: pdf.length });
    for (let i = 1; i < progress.length; i += 1)
      expect(progress[i]!.sent).toBeGreaterThanOrEqual(progress[i - 1]!.sent);
    // the staged bytes are gone once uploaded
    const bobId = (await bob.call('session:get', {})).user!.id;
    expect(readdirSync(join(dirname(cacheFile(bob.dataDir, bobId)), 'pending-uploads'))).toEqual([]);

    const { clientId } = await bob.call('message:send', { streamId: design, body: '', files: [photo, report] });
    // pending, it already shows its files
    const pending = (await bob.call('message:list', { streamId: design })).messages.find(
      (m) => m.clientId === clientId,
    );
    expect(pending?.files).toEqual([photo, report]);

    let seen: FileRef[] | undefined;
    await waitUntil(async () => {
      seen = (await alice.call('message:list', { streamId: design })).messages.find(
        (m) => m.clientId === clientId,
      )?.files;
      return seen !== undefined;
    });
    expect(seen).toEqual([photo, report]);
    // alice's core fetched the thumbnail as the message arrived, without being asked
    await waitUntil(async () => (await alice.call('fileCache:get', {})).entries === 1, 10_000, 'thumbnail cached');
    const thumb = await alice.call('file:thumbnail', { fileId: photo.id });
    const meta = await sharp(Buffer.from(thumb.data, 'base64')).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(320);

    // opened once (the browser host has no system opener: opened false, but the bytes are cached)
    expect(await alice.call('file:open', { fileId: report.id, name: report.name })).toEqual({ opened: false });
    const aliceId = (await alice.call('session:get', {})).user!.id;
    expect(readdirSync(join(dirname(cacheFile(alice.dataDir, aliceId)), 'files')).sort()).toEqual(
      [`${photo.id}.thumbnail`, `${report.id}.file.pdf`].sort(),
    );

    await server().stop();
    await alice.waitForState('offline');
    // offline: the preview and the opened file still show, a file never opened does not
    expect((await alice.call('file:thumbnail', { fileId: photo.id })).data).toBe(thumb.data);
    const content = await alice.call('file:content', { fileId: report.id, name: report.name });
    expect(Buffer.from(content.data, 'base64').equals(pdf)).toBe(true);
    const never = await errorOf(alice, alice.core.invoke('file:content', { fileId: photo.id, name: photo.name }));
    expect(never.code).toBe('UNAVAILABLE');
    // attaching offline stages the file; only its upload waits (offlineUploads.test.ts sends it later)
    const { uploadId } = await alice.call('file:stage', { streamId: design, name: 'a.txt', size: 3 });
    await alice.call('file:chunk', { uploadId, offset: 0, data: 'YWJj' });
    const offline = await errorOf(alice, alice.core.invoke('file:upload', { uploadId }));
    expect(offline).toMatchObject({ code: 'UNAVAILABLE' });
    expect(offline.message).toMatch(/will upload when the message is sent/);
    await alice.call('file:cancel', { uploadId });

    await server().start();
    await Promise.all([alice, bob, carol].map((t) => t.waitForState('live')));
  });

  it('refuses a file over the organization’s limit before staging, and reads the limit from hello', async () => {
    expect((await alice.call('session:get', {})).limits.maxFileBytes).toBe(DEFAULT_MAX_FILE_BYTES);
    const error = await errorOf(
      alice,
      alice.core.invoke('file:stage', { streamId: design, name: 'big.bin', size: DEFAULT_MAX_FILE_BYTES + 1 }),
    );
    expect(error).toMatchObject({ code: 'INVALID', field: 'file' });
    expect(error.message).toMatch(/larger than the organization's limit of 25 MB/);
  });

  it('cancels an upload: staged before it starts, or in flight', async () => {
    const staged = await bob.call('file:stage', { streamId: design, name: 'x.bin', size: 3 });
    await bob.call('file:cancel', { uploadId: staged.uploadId });
    expect((await errorOf(bob, bob.core.invoke('file:upload', { uploadId: staged.uploadId }))).code).toBe('NOT_FOUND');

    const bytes = Buffer.alloc(FILE_CHUNK_BYTES * 4, 1);
    const { uploadId } = await bob.call('file:stage', { streamId: design, name: 'big.bin', size: bytes.length });
    for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES)
      await bob.call('file:chunk', {
        uploadId,
        offset,
        data: bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64'),
      });
    const upload = bob.core.invoke('file:upload', { uploadId });
    await bob.call('file:cancel', { uploadId });
    expect(await upload).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'cancelled' } });
    const bobId = (await bob.call('session:get', {})).user!.id;
    expect(readdirSync(join(dirname(cacheFile(bob.dataDir, bobId)), 'pending-uploads'))).toEqual([]);
  });

  it('refuses chunks out of order and an upload that is not complete', async () => {
    const { uploadId } = await bob.call('file:stage', { streamId: design, name: 'y.txt', size: 6 });
    const skipped = await errorOf(bob, bob.core.invoke('file:chunk', { uploadId, offset: 3, data: 'YWJj' }));
    expect(skipped).toMatchObject({ code: 'INVALID', field: 'offset' });
    await bob.call('file:chunk', { uploadId, offset: 0, data: 'YWJj' });
    expect(await errorOf(bob, bob.core.invoke('file:upload', { uploadId }))).toMatchObject({ code: 'INVALID' });
    await bob.call('file:cancel', { uploadId });
  });

  it('opens what shows with the system, and only shows in its folder what could run', async () => {
    const opened: Array<[string, string]> = [];
    const desktop = await signedInCore(server().url, 'bob@acme.test', undefined, {
      openFile: (path, how) => {
        opened.push([path, how]);
        return Promise.resolve();
      },
    });
    try {
      const pdf = await attach(bob, design, 'notes.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
      const script = await attach(bob, design, 'setup.sh', Buffer.from('#!/bin/sh\necho hi\n'));
      await bob.call('message:send', { streamId: design, body: 'two files', files: [pdf, script] });
      expect(await desktop.call('file:open', { fileId: pdf.id, name: pdf.name })).toEqual({ opened: true });
      expect(await desktop.call('file:open', { fileId: script.id, name: script.name })).toEqual({ opened: true });
      expect(opened.map(([path, how]) => [path.split('/').pop(), how])).toEqual([
        [`${pdf.id}.file.pdf`, 'open'],
        [`${script.id}.file.sh`, 'reveal'],
      ]);
    } finally {
      await desktop.core.close();
    }
  });

  it('keeps the cache under its bound, least recently used out first, and empties it on sign-out', async () => {
    const a = await attach(bob, design, 'a.txt', Buffer.alloc(40_000, 'a'));
    const b = await attach(bob, design, 'b.txt', Buffer.alloc(40_000, 'b'));
    await bob.call('message:send', { streamId: design, body: 'two texts', files: [a, b] });
    await alice.call('fileCache:clear', {});
    await alice.call('fileCache:set', { limitBytes: 60_000 });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.some((m) => m.body === 'two texts'),
    );
    // the photo's thumbnail from the first test comes back ahead (recent messages); only files are counted here
    const cachedFiles = async () => {
      const info = await alice.call('fileCache:get', {});
      expect(info.bytes).toBeLessThanOrEqual(info.limitBytes);
      return readdirSync(info.folder).filter((name) => name.includes('.file'));
    };
    await alice.call('file:content', { fileId: a.id, name: a.name });
    expect(await cachedFiles()).toEqual([`${a.id}.file.txt`]);
    await alice.call('file:content', { fileId: b.id, name: b.name });
    // a went: b alone fits
    expect(await cachedFiles()).toEqual([`${b.id}.file.txt`]);
    // reading b again counts as a use; it stays
    await alice.call('file:content', { fileId: b.id, name: b.name });
    expect(await cachedFiles()).toEqual([`${b.id}.file.txt`]);

    // a file larger than the whole bound is shown but not cached
    const big = await attach(bob, design, 'big.txt', Buffer.alloc(70_000, 'c'));
    await bob.call('message:send', { streamId: design, body: 'a big one', files: [big] });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.some((m) => m.body === 'a big one'),
    );
    expect((await alice.call('file:content', { fileId: big.id, name: big.name })).data.length).toBeGreaterThan(0);
    expect(await cachedFiles()).toEqual([`${b.id}.file.txt`]);

    const { folder } = await alice.call('fileCache:get', {});
    // clearing the local data takes the offline files with it
    await alice.call('cache:clear', {});
    expect(existsSync(folder)).toBe(false);
    await alice.waitForState('live');
    await alice.call('file:content', { fileId: b.id, name: b.name });
    expect(existsSync(folder)).toBe(true);
    await alice.call('session:logout', { removeLocalData: false });
    expect(existsSync(folder)).toBe(false);
    // the cache itself stays for next time
    expect(existsSync(dirname(folder))).toBe(true);
  });
});
