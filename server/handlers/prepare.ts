/*
 * Work a request needs done before its unit of work opens. scrypt takes long (about 1.5 s of CPU at the
 * server's cost) and needs no database, so a password the admin console sets is hashed first, in the
 * server's password pool (the one logins use: a few at a time, a short line), and only then is the
 * write transaction opened: holding it through the hash would stall every other writer (on SQLite,
 * the whole server). The handler still decides everything inside its unit; when nothing was prepared
 * (the caller is no admin, the password breaks the policy, a direct call from the seed or a test) it
 * refuses or hashes as before, so the answers stay exactly the same.
 */
import type { SocketRequestName } from '../../shared/protocol/index';
import { ProtocolError } from '../../shared/protocol/index';
import { passwordProblem } from '../auth/passwordPolicy';
import { PoolFullError } from '../auth/workPool';
import type { UserRecord } from '../repositories/users.repository';
import { generatedPassword } from './adminConsole';
import type { HandlerConfig } from './context';

/** What a preparation hands the handler: the password (chosen or generated) and its hash. */
export interface PreparedPassword {
  password: string;
  passwordHash: string;
}

/** Runs before the unit of work with the parsed payload and the caller as the session last saw them. */
type Preparer = (
  payload: { password?: string | undefined },
  caller: Pick<UserRecord, 'orgRole'>,
  config: HandlerConfig,
) => Promise<PreparedPassword | undefined>;

/** Hashes the admin console's new password first; nothing for anyone the handler will refuse anyway. */
const preparePassword: Preparer = async ({ password }, caller, config) => {
  if (caller.orgRole !== 'admin' || !config.hashPassword) return undefined;
  const chosen = password ?? generatedPassword();
  if (passwordProblem(chosen) !== null) return undefined;
  try {
    return { password: chosen, passwordHash: await config.hashPassword(chosen) };
  } catch (error) {
    if (error instanceof PoolFullError) throw new ProtocolError('UNAVAILABLE', 'the server is busy; try again');
    throw error;
  }
};

/** The requests with work to do before their unit of work. */
export const PREPARERS: Partial<Record<SocketRequestName, Preparer>> = {
  'admin:addUser': preparePassword,
  'admin:resetPassword': preparePassword,
};
