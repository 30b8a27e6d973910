import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from './secrets';

/*
 * The accounts this app knows, in a file that holds nothing secret (no token, no key): which server,
 * which user, and which account was active. It is what lets a laptop restarted without network, or
 * without a keychain, open the last account's cache offline, with no password and no token.
 */

const knownAccountSchema = z.object({
  id: z.string().min(1),
  serverUrl: z.string().min(1),
  email: z.string(),
  name: z.string(),
  orgName: z.string().nullable(),
  /** Signed out by the user: the cache is kept for next time, but the account is not opened at start. */
  signedOut: z.boolean().default(false),
});
export type KnownAccount = z.infer<typeof knownAccountSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  active: z.string().nullable(),
  accounts: z.array(knownAccountSchema),
});
export type KnownAccounts = z.infer<typeof fileSchema>;

/** Where the list lives in the data folder. */
export const knownAccountsFile = (dataDir: string): string => join(dataDir, 'accounts.json');

/** The token file of earlier versions (one account, token included), read once and removed. */
const legacySessionFile = (dataDir: string): string => join(dataDir, 'session.json');

const legacySessionSchema = z.object({ serverUrl: z.string(), token: z.string(), userId: z.string() });

/** What the data folder holds at start: the accounts, and a token carried over from the old format. */
export interface LoadedAccounts {
  known: KnownAccounts;
  /** A session saved by an earlier version (account id → token), to move into the secret store. */
  legacyToken: { accountId: string; token: string } | null;
  /** Why the file could not be read, when it could not (the app then starts with no account). */
  problem: string | null;
}

function empty(): KnownAccounts {
  return { version: 1, active: null, accounts: [] };
}

/** Reads the list; a missing file is an empty list, and an earlier version's session.json is taken over. */
export async function loadKnownAccounts(dataDir: string): Promise<LoadedAccounts> {
  const text = await readFile(knownAccountsFile(dataDir), 'utf8').catch(() => null);
  if (text !== null) {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { known: parsed.data, legacyToken: null, problem: null };
      return { known: empty(), legacyToken: null, problem: 'the list of accounts has an unknown shape' };
    } catch {
      return { known: empty(), legacyToken: null, problem: 'the list of accounts is not valid JSON' };
    }
  }
  const legacy = await readFile(legacySessionFile(dataDir), 'utf8').catch(() => null);
  if (legacy === null) return { known: empty(), legacyToken: null, problem: null };
  try {
    const old = legacySessionSchema.parse(JSON.parse(legacy));
    const account: KnownAccount = {
      id: old.userId,
      serverUrl: old.serverUrl,
      email: '',
      name: '',
      orgName: null,
      signedOut: false,
    };
    return {
      known: { version: 1, active: old.userId, accounts: [account] },
      legacyToken: { accountId: old.userId, token: old.token },
      problem: null,
    };
  } catch {
    return { known: empty(), legacyToken: null, problem: null };
  }
}

/** Writes the list atomically and removes an earlier version's session file. */
export async function saveKnownAccounts(dataDir: string, known: KnownAccounts): Promise<void> {
  await writePrivateFile(knownAccountsFile(dataDir), `${JSON.stringify(known, null, 2)}\n`);
  await rm(legacySessionFile(dataDir), { force: true });
}

/** The list with one account added or replaced (by id). */
export function withAccount(known: KnownAccounts, account: KnownAccount): KnownAccounts {
  const others = known.accounts.filter((a) => a.id !== account.id);
  return { ...known, accounts: [...others, account] };
}

/** The list without one account; the active one moves to another open account or none. */
export function withoutAccount(known: KnownAccounts, id: string): KnownAccounts {
  const accounts = known.accounts.filter((a) => a.id !== id);
  return { ...known, accounts, active: known.active === id ? null : known.active };
}
