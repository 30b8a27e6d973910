import type { Migration } from './index';

/*
 * The display name each person chose in their profile, beside their account name, so messages,
 * threads, mentions, the sidebar and search show it offline too. Null until the directory brings it
 * (an older server sends none): the account name is shown meanwhile.
 */
export const migration0135: Migration = {
  version: 135,
  name: 'display-names',
  up: `
    ALTER TABLE users ADD COLUMN display_name TEXT;
  `,
};
