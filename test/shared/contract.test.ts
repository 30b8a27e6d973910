import { describe, expect, it } from 'vitest';
import { ipcChannels, ipcPushNames, ipcRequests } from '../../shared/ipc';
import {
  invalidFromZod,
  messageSendRequestSchema,
  ProtocolError,
  socketRequestNames,
  socketRequests,
} from '../../shared/protocol';

describe('socket protocol registry', () => {
  it('declares every request as domain:verb or a single verb, each with request and response schemas', () => {
    expect(socketRequestNames.length).toBeGreaterThan(10);
    for (const name of socketRequestNames) {
      expect(name).toMatch(/^[a-z][a-zA-Z]*(:[a-zA-Z]+)?$/);
      expect(typeof socketRequests[name].request.safeParse).toBe('function');
      expect(typeof socketRequests[name].response.safeParse).toBe('function');
    }
  });

  it('rejects unknown keys and names the offending field', () => {
    const result = messageSendRequestSchema.safeParse({
      streamId: '0192f000-0000-7000-8000-000000000000',
      clientId: 'abcdefgh12',
      body: '  ',
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      const error = invalidFromZod(result.error);
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.code).toBe('INVALID');
      expect(error.field).toBe('body');
    }
    expect(messageSendRequestSchema.safeParse({ extra: 1 }).success).toBe(false);
  });
});

describe('IPC contract', () => {
  it('names channels domain:verb and pushes distinctly', () => {
    for (const channel of ipcChannels) expect(channel).toMatch(/^[a-z][a-zA-Z]*:[a-zA-Z]+$/);
    expect(new Set(ipcPushNames).size).toBe(ipcPushNames.length);
  });

  it('applies defaults on parse so hosts forward complete requests', () => {
    const parsed = ipcRequests['message:list'].request.parse({ streamId: '0192f000-0000-7000-8000-000000000000' });
    expect(parsed.limit).toBe(50);
  });
});
