import type { Migration } from './index';

/*
 * The integration that posted a message (`message.integration`: id, name, avatar URL and the external
 * author), as JSON; NULL for everyone else's messages and for rows cached before integrations.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'message-integration',
  up: `
    ALTER TABLE messages ADD COLUMN integration TEXT;
  `,
};
