// Builds what the desktop app and the browser host load: the renderer bundle (Vite) and the
// Electron main + preload bundles (esbuild). Never starts or downloads Electron.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const quiet = process.argv.includes('--quiet');

await viteBuild({ configFile: `${root}vite.config.ts`, logLevel: quiet ? 'warn' : 'info' });

const electronEntries = [
  { in: 'main/electron/main.ts', out: 'dist/main/electron.cjs' },
  { in: 'main/preload/preload.ts', out: 'dist/main/preload.cjs' },
];
for (const entry of electronEntries) {
  if (!existsSync(`${root}${entry.in}`)) continue;
  await esbuild({
    absWorkingDir: root,
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    // Native and Electron modules load at run time; the sandboxed preload may only require 'electron'.
    external: ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers'],
    // main/core/cache/integrity.ts reads import.meta.url only when __filename is missing (ESM sources);
    // in this CommonJS bundle __filename exists, so the empty import.meta is never used.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: quiet ? 'warning' : 'info',
  });
}
