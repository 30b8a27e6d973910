/** The OS's per-user app-data folder (TRIBUTARY_APPDATA overrides it). */
export function appDataDir(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv, home?: string): string;
/** Null when `version` satisfies the engines `range` (default: package.json's), else the line `npm start` prints. */
export function nodeTooOld(version?: string, range?: string): string | null;
