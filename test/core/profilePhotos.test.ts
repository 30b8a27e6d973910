// Profile photos through real client cores and a real server: set in chunks, served only as the
// photo's visibility allows, cached at avatar size so avatars show offline, and dropped from the
// cache as soon as the photo is hidden from the viewer. Plus the cache's bound.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES } from '../../shared/ipc/fileChannels';
import { PROFILE_PHOTO } from '../../shared/protocol/profiles';
import { openCache } from '../../main/core/cache/database';
import { cachedPhoto, MAX_CACHED_PHOTOS, storePhoto } from '../../main/core/cache/profilePhotos';
import { signedInAcme, tempDataDir, useRestartableServer, waitUntil, type TestCore } from '../helpers/core';

/** Sends bytes as the page does: base64 chunks of FILE_CHUNK_BYTES; answers the last chunk's answer. */
async function setPhoto(t: TestCore, bytes: Buffer) {
  let answer: Awaited<ReturnType<typeof t.core.invoke<'profile:setPhoto'>>> = {
    ok: false,
    error: { code: 'INVALID', message: 'no bytes' },
  };
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64');
    answer = await t.core.invoke('profile:setPhoto', { offset, total: bytes.length, data });
    if (!answer.ok) return answer;
  }
  return answer;
}

/** A noisy PNG: it compresses badly, so it is larger than one chunk. */
const noisyPng = (side: number) =>
  sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();

const avatar = async (t: TestCore, userId: string) =>
  (await t.call('profile:photo', { userId, size: 'small' })).dataUrl;

describe('profile photos through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let bobId = '';

  beforeAll(async () => {
    ({ alice, bob, carol } = await signedInAcme(server().url));
    bobId = (await bob.call('session:get', {})).user!.id;
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  it('sets a photo in chunks and serves it only to those its visibility admits', async () => {
    const bytes = await noisyPng(500);
    expect(bytes.length).toBeGreaterThan(FILE_CHUNK_BYTES);
    await bob.call('profile:update', { visibility: { photo: 'teams' } });
    const set = await setPhoto(bob, bytes);
    expect(set).toMatchObject({ ok: true, value: { photoId: expect.any(String) } });

    const own = await avatar(bob, bobId);
    expect(own).toMatch(/^data:image\/webp;base64,/);
    const meta = await sharp(Buffer.from(own!.split(',')[1]!, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([PROFILE_PHOTO.smallPx, PROFILE_PHOTO.smallPx]);
    const large = (await alice.call('profile:photo', { userId: bobId, size: 'large' })).dataUrl!;
    expect((await sharp(Buffer.from(large.split(',')[1]!, 'base64')).metadata()).width).toBe(PROFILE_PHOTO.largePx);
    expect(await avatar(alice, bobId)).toBe(own); // teammate in Design
    expect(await avatar(carol, bobId)).toBeNull(); // Engineering only
  });

  it('tells a colleague it is shown to them now, and shows their copy offline', async () => {
    const before = carol.changes.length;
    await bob.call('profile:update', { visibility: { photo: 'org' } });
    await waitUntil(() => carol.changes.slice(before).some((c) => c.kinds.includes('photos')));
    const seen = await avatar(carol, bobId);
    expect(seen).toMatch(/^data:image\/webp;base64,/);
    // the push made alice's core drop her copy too (it cannot tell a wider visibility from a narrower
    // one); her avatars ask again, as the renderer does on `photos`, and get the same photo back
    await waitUntil(() => alice.changes.some((c) => c.kinds.includes('photos')));
    expect(await avatar(alice, bobId)).toBe(seen);

    await server().stop();
    await Promise.all([alice, bob, carol].map((t) => t.waitForState('offline')));
    expect(await avatar(carol, bobId)).toBe(seen);
    expect(await avatar(alice, bobId)).toBe(seen);
    // the card offline falls back to the avatar size
    expect((await carol.call('profile:photo', { userId: bobId, size: 'large' })).dataUrl).toBe(seen);
    // changes need the server; nothing is queued
    expect(await setPhoto(bob, await noisyPng(20))).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await bob.core.invoke('profile:removePhoto', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    await server().start();
    await Promise.all([alice, bob, carol].map((t) => t.waitForState('live')));
  });

  it('drops the cached copy at once when the photo is hidden from the viewer', async () => {
    const [carolBefore, aliceBefore] = [carol.changes.length, alice.changes.length];
    await bob.call('profile:update', { visibility: { photo: 'teams' } });
    await waitUntil(() => carol.changes.slice(carolBefore).some((c) => c.kinds.includes('photos')));
    await waitUntil(() => alice.changes.slice(aliceBefore).some((c) => c.kinds.includes('photos')));
    expect(await avatar(alice, bobId)).not.toBeNull(); // alice asks again and still may see it
    // carol does not ask again: offline right away, her copy is already gone
    await server().stop();
    await carol.waitForState('offline');
    expect(await avatar(carol, bobId)).toBeNull();
    expect(await avatar(alice, bobId)).not.toBeNull(); // her fresh copy, offline
    await server().start();
    await Promise.all([alice, bob, carol].map((t) => t.waitForState('live')));
  });

  it('refuses an oversized photo and a non-image, naming the photo', async () => {
    const tooBig = await bob.core.invoke('profile:setPhoto', {
      offset: 0,
      total: PROFILE_PHOTO.maxBytes + 1,
      data: 'AAAA',
    });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'photo' } });
    const text = await setPhoto(bob, Buffer.from('not an image at all, only text'));
    expect(text).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'photo' } });
  });

  it('removes the photo: the teammate’s avatar falls back to initials after the push', async () => {
    const before = alice.changes.length;
    await bob.call('profile:removePhoto', {});
    await waitUntil(() => alice.changes.slice(before).some((c) => c.kinds.includes('photos')));
    expect(await avatar(alice, bobId)).toBeNull();
    expect(await avatar(bob, bobId)).toBeNull();
  });
});

describe('the avatar cache', () => {
  it(`keeps at most ${MAX_CACHED_PHOTOS} people, the least recently used leaving first`, () => {
    const db = openCache(join(tempDataDir(), 'cache.sqlite'));
    const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const data = Buffer.from('webp bytes');
    for (let n = 0; n < MAX_CACHED_PHOTOS; n += 1) storePhoto(db, id(n), { photoId: id(n), data }, 1000 + n);
    // the oldest is used again, so the next one in age is the one to go
    expect(cachedPhoto(db, id(0), 5000)?.photoId).toBe(id(0));
    storePhoto(db, id(MAX_CACHED_PHOTOS), null, 6000);
    expect(db.prepare('SELECT COUNT(*) AS n FROM profile_photos').get()).toEqual({ n: MAX_CACHED_PHOTOS });
    expect(cachedPhoto(db, id(1), 7000)).toBeNull();
    expect(cachedPhoto(db, id(0), 7000)?.data).toEqual(data);
    expect(cachedPhoto(db, id(MAX_CACHED_PHOTOS), 7000)).toMatchObject({ photoId: null, data: null });
    db.close();
  });
});
