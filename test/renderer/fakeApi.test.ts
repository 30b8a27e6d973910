// The fake API the component tests run against holds the renderer to the real contract: a request
// the client core would refuse is refused here too, and recorded so the test that made it fails.
import { describe, expect, it } from 'vitest';
import type { IpcChannel, IpcRequest } from '../../shared/ipc';
import { FakeApi, makeStream, takeContractViolations } from './fakeApi';

/** Calls the fake with a request outside the contract's types, as a renderer bug would. */
function invokeBroken<C extends IpcChannel>(api: FakeApi, channel: C, request: unknown) {
  return api.invoke(channel, request as IpcRequest<C>);
}

describe('the fake API validates every request against the contract', () => {
  it('refuses what the core would refuse, with INVALID, and records the violation', async () => {
    const api = new FakeApi();
    const design = makeStream('Design');
    api.streams.push(design);
    const answers = [
      await invokeBroken(api, 'message:send', { streamId: design.id, body: '   ' }),
      await invokeBroken(api, 'message:send', { streamId: 'not-a-uuid', body: 'hi' }),
      await invokeBroken(api, 'promotion:list', { scope: 'everything' }),
      await invokeBroken(api, 'stream:list', { extra: true }),
    ];
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    expect(api.messages).toEqual([]);
    expect(takeContractViolations().map((v) => v.channel)).toEqual([
      'message:send',
      'message:send',
      'promotion:list',
      'stream:list',
    ]);
  });

  it('hands handlers the parsed request, defaults applied, as the core does', async () => {
    const api = new FakeApi();
    const design = makeStream('Design');
    api.streams.push(design);
    const sent = await api.invoke('message:send', { streamId: design.id, body: '  padded  ' });
    expect(sent.ok).toBe(true);
    expect(api.messages.map((m) => m.body)).toEqual(['padded']);
    expect(await api.invoke('message:list', { streamId: design.id })).toMatchObject({ ok: true });
    expect(takeContractViolations()).toEqual([]);
  });
});
