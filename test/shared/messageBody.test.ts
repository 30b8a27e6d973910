import { describe, expect, it } from 'vitest';
import { ipcRequests } from '../../shared/ipc/contract';
import { hasVisibleText, messageBodySchema } from '../../shared/protocol/messageBody';
import { socketRequests } from '../../shared/protocol/requests';

/** Bodies a reader would see as empty. */
const INVISIBLE_BODIES = [
  ' ',
  '\t\n\r',
  '\u00a0\u3000',
  '\u200b',
  '\u200b\u200c\u200d',
  '\u2060\ufeff',
  '\u00ad',
  '\u180e',
  '\u200e\u200f\u202a\u202e\u2066\u2069',
  '\ufe0f\ufe00',
  '\u115f\u1160\u3164\uffa0',
  '\u2800',
  '\u0000\u0001\u007f',
  ' \u200b \u2060 \n \u200d ',
];

describe('message bodies', () => {
  it.each(INVISIBLE_BODIES.map((b) => [JSON.stringify(b), b]))('refuses %s as invisible', (_label, body) => {
    expect(hasVisibleText(body)).toBe(false);
    const parsed = messageBodySchema.safeParse(body);
    expect(parsed.success).toBe(false);
  });

  it('accepts anything with one visible character, including emoji sequences joined by ZWJ', () => {
    for (const body of ['a', '\u200ba\u200b', '👍', '👨\u200d👩\u200d👧', '·', '\u0301x', '#', '日本']) {
      expect(messageBodySchema.safeParse(body).success).toBe(true);
    }
  });

  it('is the body rule of every request that carries a body, socket and IPC alike', () => {
    const invisible = '\u200b\u200d';
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    const checks = [
      socketRequests['message:send'].request.safeParse({ streamId: id, clientId: 'client-1', body: invisible }),
      socketRequests['message:edit'].request.safeParse({ messageId: id, body: invisible }),
      ipcRequests['message:send'].request.safeParse({ streamId: id, body: invisible }),
      ipcRequests['message:edit'].request.safeParse({ messageId: id, body: invisible }),
      ipcRequests['outbox:retry'].request.safeParse({ clientId: 'client-1', body: invisible }),
    ];
    for (const check of checks) {
      expect(check.success).toBe(false);
      expect(check.error?.issues[0]?.path).toEqual(['body']);
    }
  });
});
