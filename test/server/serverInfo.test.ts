import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverInfoSchema } from '../../shared/protocol/http';
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/protocol/limits';
import { startTestServer, type TestServer } from '../helpers/server';

describe('GET /api/info', () => {
  let demo: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    [demo, plain] = await Promise.all([startTestServer({ demo: true }), startTestServer({ demo: false })]);
  });
  afterAll(async () => {
    await Promise.all([demo?.close(), plain?.close()]);
  });

  it('says demo: true only on a server started with --demo, without a token', async () => {
    const demoRes = await fetch(`${demo.url}/api/info`);
    expect(demoRes.status).toBe(200);
    expect(serverInfoSchema.parse(await demoRes.json())).toEqual({
      ok: true,
      demo: true,
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    });
    const plainRes = await fetch(`${plain.url}/api/info`);
    expect(plainRes.status).toBe(200);
    expect(serverInfoSchema.parse(await plainRes.json())).toEqual({
      ok: true,
      demo: false,
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    });
  });

  it('answers other methods with 405 INVALID, as every route does', async () => {
    const res = await fetch(`${demo.url}/api/info`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ error: { code: 'INVALID' } });
  });
});
