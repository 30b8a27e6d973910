// Which SQLite driver the client cache loads, for the first-start steps that fetch or build its
// Electron build. Must name the package main/core/cache/database.ts loads (CACHE_SQLITE_PACKAGE there;
// test/main/sqliteForElectron.test.ts keeps the two equal).

/** better-sqlite3's API over SQLite3MultipleCiphers: the cache is encrypted at rest. */
export const CACHE_SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers';
/** The addon the package builds, inside its build/Release folder. */
export const SQLITE_ADDON_FILE = 'better_sqlite3.node';
