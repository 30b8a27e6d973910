// docs/flowdock-api.md stays true: every curl example in it is run (as the equivalent fetch) against a
// demo server, and must answer the status written under it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { createApiToken } from '../helpers/flowdock';
import {
  loginAndConnect,
  ok,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

const DOC = readFileSync(new URL('../../docs/flowdock-api.md', import.meta.url), 'utf8');

/** The examples: each ```sh block's curl command and the status under it. */
const examples = [...DOC.matchAll(/```sh\n(curl [^\n]+)\n# HTTP (\d{3})\n```/g)].map((m) => ({
  command: m[1]!,
  status: Number(m[2]),
}));

/** Splits a shell command line into words: quotes as the shell reads them, `$NAME` expanded outside single quotes. */
function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (c === '$') {
      const name = /^[A-Z_]+/.exec(line.slice(i + 1))![0];
      if (!(name in vars)) throw new Error(`the docs use $${name}, which the test does not set`);
      word = (word ?? '') + vars[name];
      i += name.length;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** Runs a curl command line as fetch (the options the docs use: -s -N -u -X -H -d); resolves its status. */
async function runCurl(command: string, vars: Record<string, string>): Promise<number> {
  const words = shellWords(command, vars).slice(1);
  const headers: Record<string, string> = {};
  const data: string[] = [];
  let method: string | null = null;
  let url = '';
  let streaming = false;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const next = () => words[++i]!;
    if (word === '-s') continue;
    if (word === '-N') streaming = true;
    else if (word === '-u') headers.authorization = `Basic ${Buffer.from(next()).toString('base64')}`;
    else if (word === '-X') method = next();
    else if (word === '-H') {
      const header = next();
      headers[header.slice(0, header.indexOf(':')).toLowerCase()] = header.slice(header.indexOf(':') + 1).trim();
    } else if (word === '-d') data.push(next());
    else if (word.startsWith('-')) throw new Error(`the test does not know curl's ${word}`);
    else url = word;
  }
  if (data.length > 0) headers['content-type'] ??= 'application/x-www-form-urlencoded';
  const controller = new AbortController();
  const res = await fetch(url, {
    method: method ?? (data.length > 0 ? 'POST' : 'GET'),
    headers,
    signal: controller.signal,
    ...(data.length > 0 ? { body: data.join('&') } : {}),
  });
  if (streaming && res.ok) controller.abort();
  else await res.text();
  return res.status;
}

let ts: TestServer;
let alice: ClientSocket;

async function userIdOf(email: string): Promise<string> {
  const session = await loginAndConnect(ts.url, email);
  session.socket.close();
  return session.user.id;
}
const vars: Record<string, string> = {};

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const session = await loginAndConnect(ts.url, 'alice@acme.test');
  alice = session.socket;
  const design = await streamNamed(alice, 'Design');
  const message = (
    await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'Docs example #design' })
  ).message;
  Object.assign(vars, {
    API: ts.url,
    TOKEN: await createApiToken(alice),
    FLOW_ID: design.id,
    MESSAGE_ID: String(message.seq),
    THREAD_ID: message.id,
    USER_ID: session.user.id,
    ORG_ID: (await ok(alice, 'hello', {})).org.id,
    FLOW_TOKEN: (await ok(alice, 'integration:create', { streamId: design.id, name: 'Docs CI' })).flowToken,
    SOURCE_ID: (await ok(alice, 'integration:create', { streamId: design.id, name: 'Docs source' })).integration.id,
    BOB_ID: await userIdOf('bob@acme.test'),
  });
});
afterAll(async () => {
  alice.close();
  await ts.close();
});

describe('docs/flowdock-api.md', () => {
  it('has examples for every kind of request', () => {
    expect(examples.length).toBeGreaterThanOrEqual(25);
    for (const method of ['-X PUT', '-X DELETE', '-d ', '-N'])
      expect(examples.some((e) => e.command.includes(method))).toBe(true);
  });

  it('runs every curl example with the status it documents', async () => {
    for (const example of examples) {
      expect([example.command, await runCurl(example.command, vars)]).toEqual([example.command, example.status]);
    }
  });
});
