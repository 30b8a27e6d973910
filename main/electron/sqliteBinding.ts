// Which build of the cache driver's native addon (better-sqlite3-multiple-ciphers) the Electron host
// loads. The package's own build in node_modules is compiled for Node's ABI (the browser host and the
// tests use it); Electron needs one built for its ABI, kept beside it (docs/desktop.md, "Two builds of
// the driver").

/** The variable through which `npm start` names the Electron build it obtained (scripts/desktop/). */
export const SQLITE_BINDING_ENV = 'TRIBUTARY_SQLITE_BINDING';

/**
 * The addon path for the client core's `nativeBinding`, or undefined for the package's default. Only
 * an unpackaged app (run by `npm start`) honours the variable: a packaged app carries its own build,
 * rebuilt for Electron by electron-builder, and an environment variable must never make an installed,
 * signed app load native code from elsewhere.
 */
export function sqliteBindingFor(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const path = env[SQLITE_BINDING_ENV];
  return path ? path : undefined;
}
