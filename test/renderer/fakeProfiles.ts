/*
 * The profile channels of the fake IPC boundary (fakeApi.ts wires them in): profiles by user id, as
 * the server would show them to the signed-in user (tests put in only what that user may see), my
 * own visibility settings, and an offline switch under which reads answer from "the cache" and
 * changes are refused like the real core refuses them.
 */
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import type { ApiError } from '../../shared/protocol';
import {
  DEFAULT_PROFILE_VISIBILITY,
  PROFILE_FIELDS,
  withVisibility,
  type FullVisibility,
  type Profile,
  type ProfileValues,
} from '../../shared/protocol/profiles';

export class FakeProfiles {
  /** What `profile:get` answers per user id (the viewer's view); a user without one gets their name only. */
  profiles: Record<string, Profile> = {};
  /** My own visibility settings. */
  visibility: FullVisibility = { ...DEFAULT_PROFILE_VISIBILITY };
  /** false: reads answer `source: 'cache'` with what is in `profiles`, updates are UNAVAILABLE. */
  online = true;

  constructor(
    private readonly me: () => { id: string; name: string },
    private readonly nameOf: (userId: string) => string | null,
    private readonly refuse: (error: ApiError) => never,
  ) {}

  get(r: IpcRequestParsed<'profile:get'>): IpcResponse<'profile:get'> {
    const name = this.nameOf(r.userId);
    const stored = this.profiles[r.userId];
    if (!this.online) return { profile: stored ?? null, source: 'cache', fetchedAt: stored ? 1_700_000_000_000 : null };
    if (!stored && name === null) this.refuse({ code: 'NOT_FOUND', message: 'no such user', field: 'userId' });
    const profile = stored ?? { userId: r.userId, displayName: name ?? '', updatedAt: null };
    const mine = r.userId === this.me().id;
    return { profile, ...(mine ? { visibility: this.visibility } : {}), source: 'server', fetchedAt: Date.now() };
  }

  update(r: IpcRequestParsed<'profile:update'>): IpcResponse<'profile:update'> {
    if (!this.online)
      this.refuse({
        code: 'UNAVAILABLE',
        message: 'profile changes need a connection to the server; nothing was changed',
      });
    const me = this.me();
    const current = this.profiles[me.id] ?? { userId: me.id, displayName: me.name, updatedAt: null };
    const next: Profile = { ...current, displayName: r.displayName ?? current.displayName, updatedAt: Date.now() };
    const values = next as ProfileValues;
    for (const field of PROFILE_FIELDS) {
      const value = r[field];
      if (value === undefined) continue;
      if (value === null || value.length === 0) delete values[field];
      else (values as Record<string, unknown>)[field] = value;
    }
    this.visibility = withVisibility(this.visibility, r.visibility);
    this.profiles[me.id] = next;
    return { profile: next, visibility: this.visibility };
  }
}
