/** The demo organization that `--demo` seeds and the login screen names for newcomers. */
export const DEMO_PASSWORD = 'tributary';
export const DEMO_ACCOUNTS = ['alice@acme.test', 'bob@acme.test', 'carol@acme.test', 'dave@acme.test'] as const;
