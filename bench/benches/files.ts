import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/app';
import { login, connect, streamNamed, TEST_SCRYPT_COST } from '../../test/helpers/server';
import { benchStorage, type BenchEngine } from '../lib/benchStorage';
import { higherIsBetter, notAvailable } from '../lib/rows';
import { nowMs } from '../lib/stats';
import type { Bench, BenchParams, ResultRow } from '../lib/types';

/*
 * File upload and download throughput (issue 16): the real server's POST /api/files and
 * GET /api/files/:id (authentication, authorization, limit, type detection, FileStore with fsync +
 * rename, metadata row) beside a bare node:http server that copies the same bytes to a file (also
 * fsync + rename) and streams them back, on the same machine in the same run, with the same client.
 * Files are random bytes (no thumbnail: an image's would be measured by sharp, not by us). Each size
 * runs its uploads then its downloads, bare and ours alternating by round; MB/s over all rounds.
 */

const MB = 1024 * 1024;

interface Target {
  uploadPath: (name: string) => string;
  downloadPath: (id: string) => string;
  headers: Record<string, string>;
  port: number;
}

/** One HTTP exchange with a body sent and the answer read whole. */
function exchange(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
): Promise<{ status: number; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        let bytes = 0;
        const head: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (head.length < 4) head.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes, text: Buffer.concat(head).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** The baseline: a bare node:http server that stores a body as a file (fsync + rename) and serves it back. */
async function startBare(dir: string): Promise<{ server: Server; port: number }> {
  await mkdir(join(dir, 'tmp'), { recursive: true });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare.invalid');
    if (req.method === 'POST') {
      const id = randomBytes(16).toString('hex');
      const temp = join(dir, 'tmp', id);
      const out = createWriteStream(temp, { flags: 'wx' });
      req.pipe(out);
      out.on('finish', () => {
        void (async () => {
          const handle = await open(temp, 'r+');
          await handle.sync();
          await handle.close();
          await rename(temp, join(dir, id));
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ file: { id } }));
        })();
      });
      return;
    }
    const path = join(dir, url.pathname.split('/').pop() ?? '');
    void stat(path).then(
      (info) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': info.size });
        createReadStream(path).pipe(res);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

/** Uploads `rounds` copies of `bytes` then downloads each; resolves MB/s both ways. */
async function measure(target: Target, bytes: Buffer, rounds: number): Promise<{ up: number; down: number }> {
  const ids: string[] = [];
  let started = nowMs();
  for (let i = 0; i < rounds; i += 1) {
    const answer = await exchange(target.port, 'POST', target.uploadPath(`f${i}.bin`), target.headers, bytes);
    if (answer.status !== 201) throw new Error(`upload answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    ids.push((JSON.parse(answer.text) as { file: { id: string } }).file.id);
  }
  const up = (bytes.length * rounds) / MB / ((nowMs() - started) / 1000);
  started = nowMs();
  for (const id of ids) {
    const answer = await exchange(target.port, 'GET', target.downloadPath(id), target.headers, null);
    if (answer.status !== 200 || answer.bytes !== bytes.length) throw new Error(`download answered ${answer.status}`);
  }
  const down = (bytes.length * rounds) / MB / ((nowMs() - started) / 1000);
  return { up, down };
}

async function runOn(engine: BenchEngine, params: BenchParams, workDir: string, log: (m: string) => void) {
  const storage = await benchStorage(engine, join(workDir, `data-${engine}`));
  const server: RunningServer = await startServer({
    ...(storage.engine === 'sqlite' ? { dataDir: storage.dataDir } : { database: storage.database }),
    port: 0,
    demo: true,
    logLevel: 'silent',
    scryptCost: TEST_SCRYPT_COST,
    rateLimit: { perSecond: 100_000, burst: 100_000 },
  });
  const bare = await startBare(join(workDir, `bare-${engine}`));
  try {
    const { token } = await login(server.url, 'alice@acme.test');
    const socket = await connect(server.url, token);
    const streamId = (await streamNamed(socket, 'Design')).id;
    socket.close();
    // 20 MB files fit under the default 25 MB limit
    const ours: Target = {
      port: server.port,
      headers: { authorization: `Bearer ${token}` },
      uploadPath: (name) => `/api/files?stream=${streamId}&name=${name}`,
      downloadPath: (id) => `/api/files/${id}`,
    };
    const baseline: Target = {
      port: bare.port,
      headers: {},
      uploadPath: () => '/upload',
      downloadPath: (id) => `/files/${id}`,
    };
    const results: Record<string, { ours: { up: number; down: number }; bare: { up: number; down: number } }> = {};
    for (const [label, size, rounds] of [
      ['1 MB', MB, params.smallRounds!],
      ['20 MB', 20 * MB, params.largeRounds!],
    ] as const) {
      const bytes = randomBytes(size);
      // warm-up of both, then bare and ours alternating by round: both see the same machine load
      await measure(baseline, bytes, 1);
      await measure(ours, bytes, 1);
      const sum = { ours: { up: 0, down: 0 }, bare: { up: 0, down: 0 } };
      for (let i = 0; i < rounds; i += 1) {
        const b = await measure(baseline, bytes, 1);
        const o = await measure(ours, bytes, 1);
        sum.bare.up += b.up / rounds;
        sum.bare.down += b.down / rounds;
        sum.ours.up += o.up / rounds;
        sum.ours.down += o.down / rounds;
      }
      results[label] = sum;
      log(`${engine} ${label}: ${JSON.stringify(sum)}`);
    }
    return results;
  } finally {
    await server.close();
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));
  }
}

export const filesBench: Bench = {
  name: 'files',
  title: 'File upload and download throughput beside a bare node:http file copy',
  metrics: [
    'upload 1 MB (SQLite)',
    'download 1 MB (SQLite)',
    'upload 20 MB (SQLite)',
    'download 20 MB (SQLite)',
    'upload 20 MB (PostgreSQL)',
    'download 20 MB (PostgreSQL)',
  ],
  sizes: {
    tiny: { smallRounds: 3, largeRounds: 1, postgres: 0, sqlite: 1 },
    default: { smallRounds: 20, largeRounds: 5, postgres: 1, sqlite: 1 },
  },
  async run({ params, workDir, log }) {
    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = {};
    const row = (metric: string, ours: number, bare: number) =>
      // a target of half the bare copy: ours also authenticates, authorizes, sniffs and records
      higherIsBetter({ bench: 'files', metric, unit: 'MB/s', baselineLabel: 'bare node:http copy' }, ours, bare, 0.5);
    if (params.sqlite) {
      const sqlite = await runOn('sqlite', params, workDir, log);
      details.sqlite = sqlite;
      for (const label of ['1 MB', '20 MB']) {
        const r = sqlite[label]!;
        rows.push(row(`upload ${label} (SQLite)`, r.ours.up, r.bare.up));
        rows.push(row(`download ${label} (SQLite)`, r.ours.down, r.bare.down));
      }
    } else
      for (const label of ['1 MB', '20 MB'])
        for (const way of ['upload', 'download'])
          rows.push(notAvailable('files', `${way} ${label} (SQLite)`, 'left out (--files.sqlite 0)'));
    if (params.postgres) {
      const pg = await runOn('postgres', { ...params, smallRounds: 1 }, workDir, log);
      details.postgres = pg;
      const r = pg['20 MB']!;
      rows.push(row('upload 20 MB (PostgreSQL)', r.ours.up, r.bare.up));
      rows.push(row('download 20 MB (PostgreSQL)', r.ours.down, r.bare.down));
    } else
      for (const metric of ['upload 20 MB (PostgreSQL)', 'download 20 MB (PostgreSQL)'])
        rows.push(notAvailable('files', metric, 'not run at this size (--files.postgres 1)'));
    return { rows, details };
  },
};
