// Profile photos on both engines: set, fetch, replace, remove over real HTTP; the photo's visibility
// across roles (hidden answers 404, like no photo at all); bad and oversized images; live pushes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PROFILE_PHOTO, type ProfileChanged, type ProfileVisibility } from '../../shared/protocol/index';
import { thumbnailKey } from '../../server/files/janitor';
import { exe, get, holds, png, pngBomb, serverFileStore } from '../helpers/files';
import { afterSentinel, collect, ok, startTestServer, waitFor, type TestServer } from '../helpers/server';
import { connectViewers, VIEWERS, type Viewer, type Viewers } from '../helpers/viewers';

/** Who gets the photo under each visibility; everyone else gets the 404 of "no photo". */
const SEES: Record<ProfileVisibility, Viewer[]> = {
  nobody: ['self'],
  teams: ['self', 'teammate'],
  org: ['self', 'teammate', 'otherTeam', 'admin', 'compliance'],
};

let ts: TestServer;
let sockets: Viewers['sockets'];
let tokens: Viewers['tokens'];
let bobId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  ({ sockets, tokens, bobId } = await connectViewers(ts));
});
afterAll(async () => {
  for (const viewer of VIEWERS) sockets[viewer].close();
  await ts.close();
});

async function putPhoto(token: string | null, bytes: Uint8Array) {
  const res = await fetch(`${ts.url}/api/profile/photo`, {
    method: 'PUT',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: (text ? JSON.parse(text) : {}) as { photoId?: string; error?: { code: string; field?: string } },
  };
}
const removePhoto = (token: string) =>
  fetch(`${ts.url}/api/profile/photo`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
const photoOf = (viewer: Viewer, size: 'small' | 'large' = 'large', headers: Record<string, string> = {}) =>
  get(ts.url, tokens[viewer], `/api/profiles/${bobId}/photo${size === 'small' ? '?size=small' : ''}`, headers);
const setVisibility = (photo: ProfileVisibility) => ok(sockets.self, 'profile:update', { visibility: { photo } });

describe('setting and fetching a photo', () => {
  it('has none by default: 404 for everyone, the owner too, and no photoId in any profile', async () => {
    for (const viewer of VIEWERS) expect((await photoOf(viewer)).status).toBe(404);
    const own = await ok(sockets.self, 'profile:get', { userId: bobId });
    expect(own.profile.photoId).toBeUndefined();
    expect(own.visibility!.photo).toBe('nobody');
  });

  it('crops to a square in two sizes, strips everything but pixels, and starts private', async () => {
    const put = await putPhoto(tokens.self, await png(800, 400));
    expect(put.status).toBe(200);
    const large = await photoOf('self');
    expect(large.status).toBe(200);
    expect(large.headers['content-type']).toBe('image/webp');
    expect(large.headers['cache-control']).toContain('private');
    const largeMeta = await sharp(large.body).metadata();
    expect([largeMeta.width, largeMeta.height]).toEqual([PROFILE_PHOTO.largePx, PROFILE_PHOTO.largePx]);
    const smallMeta = await sharp((await photoOf('self', 'small')).body).metadata();
    expect([smallMeta.width, smallMeta.height]).toEqual([PROFILE_PHOTO.smallPx, PROFILE_PHOTO.smallPx]);
    expect(largeMeta.exif).toBeUndefined();
    const own = await ok(sockets.self, 'profile:get', { userId: bobId });
    expect(own.profile.photoId).toBe(put.json.photoId);
    for (const viewer of VIEWERS.filter((v) => v !== 'self')) expect((await photoOf(viewer)).status).toBe(404);
  });

  it('answers 304 to a client whose copy is current (the ETag is the photo id)', async () => {
    const first = await photoOf('self', 'small');
    const again = await photoOf('self', 'small', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('refuses a caller without a session', async () => {
    expect((await putPhoto(null, await png(50, 50))).status).toBe(401);
    expect((await get(ts.url, null, `/api/profiles/${bobId}/photo`)).status).toBe(401);
  });
});

describe('the photo is served only to those its visibility admits', () => {
  for (const visibility of ['nobody', 'teams', 'org'] as const) {
    it(`${visibility}: ${SEES[visibility].join(', ')}; everyone else 404 and no photoId`, async () => {
      await setVisibility(visibility);
      for (const viewer of VIEWERS) {
        const allowed = SEES[visibility].includes(viewer);
        const [large, small] = [await photoOf(viewer), await photoOf(viewer, 'small')];
        expect([viewer, large.status, small.status]).toEqual([viewer, ...(allowed ? [200, 200] : [404, 404])]);
        if (!allowed) expect(large.body.toString('utf8')).toContain('NOT_FOUND');
        if (viewer === 'otherOrg') continue; // another organization cannot read the profile at all
        const seen = await ok(sockets[viewer], 'profile:get', { userId: bobId });
        expect([viewer, seen.profile.photoId !== undefined]).toEqual([viewer, allowed]);
      }
    });
  }

  it('answers a hidden photo exactly like a user without one', async () => {
    await setVisibility('nobody');
    const hidden = await photoOf('otherTeam');
    const carolId = (await ok(sockets.otherTeam, 'hello', {})).user.id;
    const none = await get(ts.url, tokens.teammate, `/api/profiles/${carolId}/photo`);
    expect([hidden.status, hidden.body.toString('utf8')]).toEqual([none.status, none.body.toString('utf8')]);
  });
});

describe('what a photo may be', () => {
  it('refuses what is not an image, a broken image and a decompression bomb as INVALID', async () => {
    const broken = (await png(64, 64)).subarray(0, 100);
    for (const bytes of [exe(), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), broken, await pngBomb(1e5)]) {
      const put = await putPhoto(tokens.self, bytes);
      expect(put.status).toBe(400);
      expect(put.json.error).toMatchObject({ code: 'INVALID', field: 'photo' });
    }
  });

  it(`refuses more than ${PROFILE_PHOTO.maxBytes} bytes with 413 and keeps the photo it had`, async () => {
    const before = (await ok(sockets.self, 'profile:get', { userId: bobId })).profile.photoId;
    const put = await putPhoto(tokens.self, Buffer.alloc(PROFILE_PHOTO.maxBytes + 1, 1));
    expect(put.status).toBe(413);
    expect(put.json.error).toMatchObject({ code: 'TOO_LARGE', field: 'photo' });
    expect((await ok(sockets.self, 'profile:get', { userId: bobId })).profile.photoId).toBe(before);
  });
});

describe('replacing and removing', () => {
  it('removes the bytes of a replaced photo, and of a removed one', async () => {
    const files = serverFileStore(ts);
    const first = (await putPhoto(tokens.self, await png(300, 300))).json.photoId!;
    const second = (await putPhoto(tokens.self, await png(200, 300))).json.photoId!;
    expect(second).not.toBe(first);
    expect([await holds(files, first), await holds(files, thumbnailKey(first))]).toEqual([false, false]);
    expect(await holds(files, second)).toBe(true);
    expect((await removePhoto(tokens.self)).status).toBe(204);
    expect([await holds(files, second), await holds(files, thumbnailKey(second))]).toEqual([false, false]);
    expect((await photoOf('self')).status).toBe(404);
    expect((await ok(sockets.self, 'profile:get', { userId: bobId })).profile.photoId).toBeUndefined();
  });

  it('keeps a photo for a user who never edited the rest of their profile', async () => {
    const carolId = (await ok(sockets.otherTeam, 'hello', {})).user.id;
    expect((await putPhoto(tokens.otherTeam, await png(60, 60))).status).toBe(200);
    const own = await ok(sockets.otherTeam, 'profile:get', { userId: carolId });
    expect(own.profile.photoId).toBeDefined();
    expect(own.profile.displayName).toBe('Carol Chen');
    expect((await removePhoto(tokens.otherTeam)).status).toBe(204);
  });
});

describe('profile:changed { photo: true }', () => {
  it('tells those who may see the photo, and those it is now hidden from, nobody else', async () => {
    await setVisibility('teams');
    const heard = Object.fromEntries(
      VIEWERS.map((v) => [v, collect<ProfileChanged>(sockets[v], 'profile:changed')]),
    ) as Record<Viewer, ProfileChanged[]>;
    await putPhoto(tokens.self, await png(120, 120));
    await waitFor(() => heard.teammate.some((p) => p.userId === bobId && p.photo === true));
    await waitFor(() => heard.self.some((p) => p.userId === bobId && p.photo === true));
    // a colleague's name change reaches the whole org after the photo push would have
    await afterSentinel<ProfileChanged>(
      sockets.otherTeam,
      'profile:changed',
      (p) => p.displayName === 'Carol C.',
      () => ok(sockets.otherTeam, 'profile:update', { displayName: 'Carol C.' }),
    );
    expect(heard.otherTeam.filter((p) => p.photo)).toEqual([]);
    expect(heard.otherOrg).toEqual([]);
    // teams → org: now everyone of the organization is told; org → nobody: they are told to drop it
    await setVisibility('org');
    await waitFor(() => heard.otherTeam.some((p) => p.userId === bobId && p.photo === true));
    heard.compliance.length = 0;
    await setVisibility('nobody');
    await waitFor(() => heard.compliance.some((p) => p.userId === bobId && p.photo === true));
    expect((await photoOf('compliance')).status).toBe(404);
  });
});
