import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../core/secrets';
import { createToken } from './auth';

/*
 * What makes a browser host the same across restarts: its launch token, its page folder, the page
 * sessions it handed out and the port it listened on, kept per data folder in `host.json` (0600).
 * Restarting the host therefore neither signs anybody out nor strands an open tab: the tab's cookie,
 * folder and port are still good, and its bridge simply reconnects.
 */

/** How many page sessions are remembered (a browser, a second browser, a cleared cookie …). */
export const MAX_REMEMBERED_SESSIONS = 64;

const identitySchema = z.object({
  version: z.literal(1),
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  pagePath: z.string().regex(/^\/app\/[A-Za-z0-9_-]{43}\/$/),
  /** SHA-256 digests of the page sessions handed out, oldest first. */
  sessions: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(MAX_REMEMBERED_SESSIONS),
  /** The port of the last launch, tried first by the next one. */
  port: z.number().int().min(1).max(65535).nullable(),
});
export type HostIdentity = z.infer<typeof identitySchema>;

const identityFile = (dataDir: string): string => join(dataDir, 'host.json');

/** A new identity: fresh token and page folder, no sessions. */
export function newIdentity(): HostIdentity {
  return { version: 1, token: createToken(), pagePath: `/app/${createToken()}/`, sessions: [], port: null };
}

/** The data folder's identity, or a new one when there is none (or it cannot be read). */
export function loadIdentity(dataDir: string): HostIdentity {
  try {
    const parsed = identitySchema.safeParse(JSON.parse(readFileSync(identityFile(dataDir), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or unreadable: a new identity (old tabs then say they are out of date)
  }
  return newIdentity();
}

/** Writes the identity (readable by this user only). */
export async function saveIdentity(dataDir: string, identity: HostIdentity): Promise<void> {
  await writePrivateFile(identityFile(dataDir), `${JSON.stringify(identity)}\n`);
}
