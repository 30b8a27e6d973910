/*
 * The personal API tokens and stream integrations of the FakeApi, answered as the core would (the
 * real rules are tested against the server in test/server/apiTokens*.test.ts and integrations.test.ts).
 */
import { uuidv7 } from '../../shared/domain/ids';
import type { ApiToken, Integration } from '../../shared/protocol';
import type { FakeApi, Handlers } from './fakeApi';
import { FakeError } from './fakeError';

type Channel =
  | 'apitoken:create'
  | 'apitoken:list'
  | 'apitoken:revoke'
  | 'integration:create'
  | 'integration:list'
  | 'integration:revoke';

function withoutSecret({ id, name, createdAt, lastUsedAt }: ApiToken): ApiToken {
  return { id, name, createdAt, lastUsedAt };
}

/** The `apitoken:*` and `integration:*` handlers over the FakeApi's world. */
export function credentialHandlers(api: FakeApi): Pick<Handlers, Channel> {
  return {
    'apitoken:create': (r) => {
      const token = { id: uuidv7(), name: r.name, createdAt: Date.now(), lastUsedAt: null, secret: 'f'.repeat(40) };
      api.apiTokens = [token, ...api.apiTokens];
      return { apiToken: withoutSecret(token), secret: token.secret };
    },
    'apitoken:list': () => ({
      apiTokens: api.apiTokens.map(withoutSecret),
    }),
    'apitoken:revoke': (r) => {
      const token = api.apiTokens.find((t) => t.id === r.apiTokenId);
      if (!token) throw new FakeError({ code: 'NOT_FOUND', message: 'no such API token', field: 'apiTokenId' });
      api.apiTokens = api.apiTokens.filter((t) => t !== token);
      return { apiToken: withoutSecret(token) };
    },
    'integration:create': (r) => {
      const integration: Integration = {
        id: uuidv7(),
        streamId: r.streamId,
        name: r.name,
        avatarUrl: r.avatarUrl ?? null,
        createdBy: api.me.id,
        createdAt: Date.now(),
      };
      api.integrations = [integration, ...api.integrations];
      return { integration, flowToken: 'a'.repeat(40) };
    },
    'integration:list': (r) => ({ integrations: api.integrations.filter((i) => i.streamId === r.streamId) }),
    'integration:revoke': (r) => {
      const integration = api.integrations.find((i) => i.id === r.integrationId);
      if (!integration)
        throw new FakeError({ code: 'NOT_FOUND', message: 'no such integration', field: 'integrationId' });
      api.integrations = api.integrations.filter((i) => i !== integration);
      return { integration };
    },
  };
}
