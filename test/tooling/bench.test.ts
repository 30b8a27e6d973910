// The benchmark runner at its tiny size: proves `npm run bench` works end to end (every benchmark
// yields figures or says why it could not), without asserting any performance target.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/lib/args';
import { percentile } from '../../bench/lib/stats';
import type { ResultRow } from '../../bench/lib/types';

const root = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'tributary-bench-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bench helpers', () => {
  it('parses sizes, selections and per-benchmark overrides', () => {
    const o = parseArgs(['--tiny', '--only', 'fanout,send', '--fanout.clients', '20', '--json-out=x.json']);
    expect(o.size).toBe('tiny');
    expect(o.only).toEqual(['fanout', 'send']);
    expect(o.overrides.get('fanout.clients')).toBe(20);
    expect(parseArgs(['--fanout-cluster.postgres', '1']).overrides.get('fanout-cluster.postgres')).toBe(1);
    expect(o.jsonOut).toBe('x.json');
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
  });

  it('takes nearest-rank percentiles', () => {
    const sample = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sample, 50)).toBe(50);
    expect(percentile(sample, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('npm run bench -- --tiny', () => {
  it('runs every benchmark and reports a figure or an explicit reason for each row', () => {
    const out = join(tmp, 'tiny.json');
    const run = spawnSync('npx', ['tsx', 'bench/run.ts', '--tiny', '--json-out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 400_000,
    });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      machine: { cores: number; cpuModel: string; node: string };
      rows: ResultRow[];
    };
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toMatch(/^v\d+/);
    const benches = new Set(report.rows.map((r) => r.bench));
    expect([...benches].sort()).toEqual([
      'audit',
      'catchup',
      'export',
      'fanout',
      'fanout-cluster',
      'files',
      'ingest',
      'memory',
      'open',
      'presence',
      'pulse',
      'renderer',
      'search',
      'search-server',
      'send',
      'streams',
    ]);
    for (const row of report.rows) {
      if (row.notAvailable !== undefined) {
        expect(row.notAvailable.length, `${row.bench}/${row.metric}`).toBeGreaterThan(0);
        continue;
      }
      expect(Number.isFinite(row.ours), `${row.bench}/${row.metric} ours`).toBe(true);
      expect(Number.isFinite(row.baseline), `${row.bench}/${row.metric} baseline`).toBe(true);
      expect(row.target.length).toBeGreaterThan(0);
    }
    expect(run.stdout).toMatch(/\| benchmark +\|/);
  }, 420_000);
});
