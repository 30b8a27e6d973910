// Profiles that respect privacy: which fields each kind of viewer gets, on both engines. A hidden
// field is absent from the answer (not null, not empty), and nothing else that lists people leaks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_LIMITS, type ProfileField } from '../../shared/protocol/index';
import { api, basicAuth } from '../helpers/flowdock';
import { loginAndConnect, ok, readStore, request, startTestServer, type TestServer } from '../helpers/server';
import { connectViewers, VIEWERS, type Viewer, type Viewers } from '../helpers/viewers';

// Sentinel values: easy to find anywhere in an answer, so a leak cannot hide in another field.
const BOB = {
  title: 'Sentinel Title T1',
  teamRole: 'Sentinel Role R2',
  location: 'Sentinel Location L3',
  timeZone: 'Europe/Helsinki',
  phone: '+358-SENTINEL-PHONE',
  about: 'Sentinel About A4',
  skills: ['sentinel-skill-s5', 'figma'],
};

let ts: TestServer;
let sockets: Viewers['sockets'];
let bobId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  ({ sockets, bobId } = await connectViewers(ts));
});
afterAll(async () => {
  for (const viewer of VIEWERS) sockets[viewer].close();
  await ts.close();
});

describe('profile defaults', () => {
  it('starts as the name only, every field private, never edited', async () => {
    const own = await ok(sockets.self, 'profile:get', { userId: bobId });
    expect(own.profile).toEqual({ userId: bobId, displayName: 'Bob Baker', updatedAt: null });
    expect(Object.values(own.visibility!)).toEqual(Array(8).fill('nobody'));
    const seen = await ok(sockets.teammate, 'profile:get', { userId: bobId });
    expect(seen).toEqual({ ok: true, profile: { userId: bobId, displayName: 'Bob Baker', updatedAt: null } });
  });

  it('keeps a value set without a visibility private', async () => {
    await ok(sockets.self, 'profile:update', { location: 'Tampere' });
    const seen = await ok(sockets.teammate, 'profile:get', { userId: bobId });
    expect(seen.profile).not.toHaveProperty('location');
    expect((await ok(sockets.self, 'profile:get', { userId: bobId })).profile.location).toBe('Tampere');
  });
});

describe('profile visibility across roles', () => {
  const visibility = {
    title: 'org',
    teamRole: 'teams',
    location: 'nobody',
    // timeZone: left at its private default
    phone: 'nobody',
    about: 'teams',
    skills: 'org',
  } as const;
  const ALL: ProfileField[] = ['title', 'teamRole', 'location', 'timeZone', 'phone', 'about', 'skills'];
  const expected: Record<Viewer, ProfileField[] | 'NOT_FOUND'> = {
    self: ALL,
    teammate: ['title', 'teamRole', 'about', 'skills'],
    otherTeam: ['title', 'skills'],
    admin: ['title', 'skills'],
    compliance: ['title', 'skills'],
    otherOrg: 'NOT_FOUND',
  };

  beforeAll(async () => {
    const updated = await ok(sockets.self, 'profile:update', { displayName: 'Bobby B', ...BOB, visibility });
    expect(updated.visibility).toEqual({ ...visibility, timeZone: 'nobody', photo: 'nobody' });
  });

  for (const viewer of VIEWERS) {
    const fields = expected[viewer];
    it(`${viewer} → ${fields === 'NOT_FOUND' ? 'NOT_FOUND' : fields.join(', ')}`, async () => {
      const ack = await request(sockets[viewer], 'profile:get', { userId: bobId });
      if (fields === 'NOT_FOUND') {
        expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'userId' } });
        expect(JSON.stringify(ack)).not.toContain('Bobby');
        return;
      }
      if (!ack.ok) throw new Error(ack.error.code);
      expect(Object.keys(ack.profile).sort()).toEqual(['displayName', 'updatedAt', 'userId', ...fields].sort());
      expect(ack.profile.displayName).toBe('Bobby B');
      for (const field of fields) expect(ack.profile[field]).toEqual(BOB[field]);
      // hidden fields are nowhere in the answer, under any name
      const wire = JSON.stringify(ack);
      for (const field of ALL.filter((f) => !fields.includes(f)))
        expect(wire).not.toContain(JSON.stringify(BOB[field]).replace(/^\[|\]$/g, ''));
      // only the owner learns the visibility settings
      expect(ack.visibility !== undefined).toBe(viewer === 'self');
    });
  }

  it('leaks no profile field through the directory or the Flowdock users API', async () => {
    for (const viewer of ['teammate', 'otherTeam', 'admin'] as const) {
      const directory = JSON.stringify(await ok(sockets[viewer], 'directory:list', {}));
      for (const value of [BOB.phone, BOB.location, BOB.about, BOB.title]) expect(directory).not.toContain(value);
    }
    const auth = basicAuth('carol@acme.test', 'tributary');
    const users = await api(ts.url, '/users', { auth });
    expect(users.status).toBe(200);
    const one = await api(ts.url, `/users/${bobId}`, { auth });
    expect(one.status).toBe(200);
    for (const answer of [users, one])
      for (const value of [BOB.phone, BOB.location, BOB.about])
        expect(JSON.stringify(answer.body)).not.toContain(value);
  });

  it('hides a field again as soon as its owner narrows it', async () => {
    await ok(sockets.self, 'profile:update', { visibility: { title: 'teams' } });
    expect((await ok(sockets.otherTeam, 'profile:get', { userId: bobId })).profile).not.toHaveProperty('title');
    expect((await ok(sockets.teammate, 'profile:get', { userId: bobId })).profile.title).toBe(BOB.title);
    await ok(sockets.self, 'profile:update', { visibility: { title: 'org' } });
  });
});

describe('profile:update', () => {
  it('clears a field with null or an empty value, and keeps what it does not name', async () => {
    const { socket } = await loginAndConnect(ts.url, 'carol@acme.test');
    try {
      await ok(socket, 'profile:update', { title: 'Engineer', phone: '123', skills: ['go', 'go', 'sql'] });
      const after = await ok(socket, 'profile:update', { phone: null, skills: [] });
      expect(after.profile.title).toBe('Engineer');
      expect(after.profile).not.toHaveProperty('phone');
      expect(after.profile).not.toHaveProperty('skills');
      const deduped = await ok(socket, 'profile:update', { skills: ['go', 'go', 'sql'] });
      expect(deduped.profile.skills).toEqual(['go', 'sql']);
    } finally {
      socket.close();
    }
  });

  it('answers INVALID naming the field that is too long or malformed', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ displayName: '   ' }, 'displayName'],
      [{ displayName: 'x'.repeat(PROFILE_LIMITS.displayName + 1) }, 'displayName'],
      [{ title: 'x'.repeat(PROFILE_LIMITS.title + 1) }, 'title'],
      [{ phone: 'x'.repeat(PROFILE_LIMITS.phone + 1) }, 'phone'],
      [{ about: 'x'.repeat(PROFILE_LIMITS.about + 1) }, 'about'],
      [{ skills: ['x'.repeat(PROFILE_LIMITS.skill + 1)] }, 'skills.0'],
      [{ skills: Array(PROFILE_LIMITS.skills + 1).fill('s') }, 'skills'],
      [{ visibility: { phone: 'everyone' } }, 'visibility.phone'],
    ];
    for (const [payload, field] of cases) {
      const ack = await request(sockets.compliance, 'profile:update', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID', field } });
    }
    // nothing of the refused changes was stored
    const own = await ok(sockets.compliance, 'profile:get', {
      userId: (await ok(sockets.compliance, 'hello', {})).user.id,
    });
    expect(own.profile.displayName).toBe('Erin Evans');
  });

  it('audits which fields changed, and only the values the whole organization sees', async () => {
    const records = await readStore(ts, (tx) => tx.audit.list({ action: 'profile.update', limit: 100 }));
    const bob = records.filter((r) => r.actorId === bobId);
    expect(bob.length).toBeGreaterThan(0);
    expect(bob.some((r) => (r.detail as { fields: string[] }).fields.includes('phone'))).toBe(true);
    // what any colleague sees (the compliance export's `profile.changed`), nothing narrower
    expect(bob.some((r) => JSON.stringify(r.detail).includes(BOB.title))).toBe(true);
    for (const hidden of [BOB.phone, BOB.location, BOB.about, BOB.teamRole, BOB.timeZone])
      expect(JSON.stringify(records)).not.toContain(hidden);
  });
});
