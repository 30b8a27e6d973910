import { dictionary } from '@zxcvbn-ts/language-common';

/** New passwords need at least this many characters (Unicode code points, so passphrases in any script count fairly). */
export const MIN_PASSWORD_CHARS = 12;
/** Long passphrases are welcome; the cap only bounds the work of hashing. Matches the login schema's limit. */
export const MAX_PASSWORD_CHARS = 1024;

/**
 * The common-password list shipped with the server: zxcvbn-ts's `passwords-common` (49k passwords
 * from public breach corpora, ranked by frequency; @zxcvbn-ts/language-common, MIT). Built on first
 * use, lower-cased: only setting a password needs it, and case changes do not make "Password123!" rare.
 */
let common: ReadonlySet<string> | null = null;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** Why a password may not be set, or null when it may. Applies to passwords set from now on, not to stored ones. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_CHARS) return `password must have at least ${MIN_PASSWORD_CHARS} characters`;
  if (length > MAX_PASSWORD_CHARS) return `password must have at most ${MAX_PASSWORD_CHARS} characters`;
  if (password.trim().length === 0) return 'password must not be only spaces';
  if (commonPasswords().has(password.toLowerCase()))
    return 'password is one of the most common passwords; choose another';
  return null;
}
