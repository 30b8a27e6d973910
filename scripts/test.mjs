// `npm test`: typecheck, lint, unit + integration (Vitest), E2E (Playwright in Chromium), then one
// closing line `tests: N passed, N failed` that CI reads. Each stage runs even if an earlier one
// failed, so one run shows every problem.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_HINT, findChromium } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const args = new Set(process.argv.slice(2));
const only = (name) => args.size === 0 || args.has(`--${name}`);

let passed = 0;
let failed = 0;

function run(label, command, commandArgs, env = {}) {
  console.log(`\n=== ${label}: ${command} ${commandArgs.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(
    `=== ${label}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
}

function check(label, ok) {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.log(`FAILED: ${label}`);
  }
}

function countVitest(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0),
  };
}

function countPlaywright(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (report.errors?.length ?? 0),
  };
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/*
 * The tests' databases commit as production does (SQLite synchronous=FULL, PostgreSQL with fsync on),
 * and on a VM disk each fsync costs ~6 ms: the suite spent much of its time waiting on the disk. Where
 * a RAM-backed tmpfs is mounted (Linux's /dev/shm) with room to spare, the tests' temp files (SQLite
 * files, the embedded PostgreSQL cluster, browser-host data) go there: the same code and the same
 * fsync calls, minus the disk. An explicit TMPDIR wins.
 */
const RAM_TMP_MIN_FREE = 4 * 1024 ** 3;
function ramTempDir() {
  if (process.env.TMPDIR || process.platform !== 'linux' || !existsSync('/dev/shm')) return undefined;
  try {
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize < RAM_TMP_MIN_FREE) return undefined;
    const dir = mkdtempSync('/dev/shm/tributary-test-');
    chmodSync(dir, 0o1777); // like /tmp: the embedded PostgreSQL runs as its own user when we are root
    return dir;
  } catch {
    return undefined;
  }
}
const testTmp = ramTempDir();
if (testTmp) {
  process.env.TMPDIR = testTmp;
  console.log(`test temp files in ${testTmp} (RAM-backed)`);
}
process.on('exit', () => {
  if (testTmp) rmSync(testTmp, { recursive: true, force: true });
});

if (only('typecheck')) check('typecheck', run('typecheck', npx, ['tsc', '-b']));
if (only('lint')) {
  check('lint', run('lint', npx, ['eslint', '.', '--max-warnings=0']));
  check('format', run('format', npx, ['prettier', '--check', '.', '--log-level=warn']));
}

if (only('unit')) {
  const file = join(resultsDir, 'vitest.json');
  rmSync(file, { force: true });
  const ok = run('unit + integration', npx, [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  const counts = countVitest(file);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    if (!ok && counts.failed === 0) check('vitest run', false);
  } else check('vitest run (no report)', false);
}

if (only('e2e')) {
  const chromium = findChromium();
  let browserReady = Boolean(chromium);
  if (chromium === undefined) {
    const { chromium: pwChromium } = await import('playwright-core');
    browserReady = existsSync(pwChromium.executablePath());
  }
  if (!browserReady) {
    console.log(CHROMIUM_HINT);
    check('e2e (no Chromium)', false);
  } else {
    check('build for e2e', run('build', 'node', ['scripts/build.mjs']));
    const file = join(resultsDir, 'playwright.json');
    rmSync(file, { force: true });
    const ok = run('e2e', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    const counts = countPlaywright(file);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      if (!ok && counts.failed === 0) check('playwright run', false);
    } else check('playwright run (no report)', false);
  }
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
