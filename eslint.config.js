// ESLint flat config. The import boundaries here are the architecture's layering rules (see
// docs/architecture.md): a wrong import fails `npm test`, not just a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import formatjs from 'eslint-plugin-formatjs';
import globals from 'globals';
import tributary from './scripts/eslint/no-hardcoded-ui-text.mjs';

const nodeOnly = ['better-sqlite3', 'socket.io', 'socket.io-client', 'ws', 'electron'];
const nodeBuiltins = { group: ['node:*'], message: 'Node built-ins are not available here.' };
const mainOnlyShared = { group: ['**/server/**', '**/renderer/**'], message: 'main/ imports only shared/.' };

function restrict(patterns, paths = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message: `${name} is not allowed in this layer.` })),
        patterns,
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.tsbuild/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [
        nodeBuiltins,
        {
          group: ['**/main/**', '**/renderer/**', '**/server/**', '**/test/**'],
          message: 'shared/ imports nothing else of ours.',
        },
        {
          // An allow-list: what runs on the server, in the core and in the renderer alike.
          regex: '^(?!\\.|zod$|mdast$|mdast-util-[a-z-]+$|micromark-[a-z-]+$|emojibase-data/)',
          message: 'shared/ imports only zod, the markdown parser (mdast-util-*, micromark-*) and emojibase-data.',
        },
      ],
      [...nodeOnly, 'react', 'zustand'],
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, formatjs, tributary },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Every word a person reads comes from the catalogs (renderer/README.md, "Interface text").
      'tributary/no-hardcoded-ui-text': 'error',
      // Messages are well-formed ICU with an English default, plural forms one/other, values passed.
      'formatjs/enforce-default-message': ['error', 'literal'],
      'formatjs/enforce-placeholders': 'error',
      'formatjs/enforce-plural-rules': ['error', { one: true, other: true }],
      'formatjs/no-invalid-icu': 'error',
      'formatjs/no-offset': 'error',
      'formatjs/no-multiple-whitespaces': 'error',
      ...restrict(
        [nodeBuiltins, { group: ['**/main/**', '**/server/**'], message: 'The renderer imports only shared/.' }],
        nodeOnly,
      ),
    },
  },
  // main/: the client core is host-agnostic; the two hosts (Electron, browser) share main/host/ and
  // never import each other; the sandboxed preload sees only the contract.
  {
    files: ['main/core/**/*.ts'],
    rules: restrict(
      [
        mainOnlyShared,
        {
          group: ['**/electron/**', '**/preload/**', '**/browserHost/**', '**/host/**'],
          message: 'The client core imports no host: hosts depend on the core, never the other way.',
        },
      ],
      ['electron'],
    ),
  },
  {
    files: ['main/host/**/*.ts'],
    rules: restrict(
      [
        mainOnlyShared,
        {
          group: ['**/electron/**', '**/preload/**', '**/browserHost/**'],
          message: 'main/host/ is what both hosts share: it imports neither of them.',
        },
      ],
      ['electron'],
    ),
  },
  {
    files: ['main/browserHost/**/*.ts'],
    rules: restrict(
      [
        mainOnlyShared,
        { group: ['**/electron/**', '**/preload/**'], message: 'The browser host does not import the Electron host.' },
      ],
      ['electron'],
    ),
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: restrict([
      mainOnlyShared,
      {
        // The barrel re-exports the markdown grammar; the Electron main bundle has no use for micromark.
        regex: '^(\\.\\./)+shared(/index)?$',
        message: 'Import the shared/ module you need, not the shared/ barrel.',
      },
      { group: ['**/browserHost/**'], message: 'The Electron host does not import the browser host.' },
    ]),
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: restrict([
      mainOnlyShared,
      {
        group: ['**/core/**', '**/host/**', '**/browserHost/**', '**/electron/**'],
        message: 'The sandboxed preload imports only shared/ and electron.',
      },
    ]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(
      [{ group: ['**/main/**', '**/renderer/**'], message: 'server/ imports only shared/.' }],
      ['electron', 'react', 'react-dom', 'zustand'],
    ),
  },
  // The unit of work is the server's only way to its data: drivers stay in server/db/, raw SQL in
  // server/db/ and server/repositories/ (docs/server.md, Storage).
  {
    files: ['server/**/*.ts'],
    ignores: ['server/db/**'],
    rules: {
      ...restrict(
        [
          { group: ['**/main/**', '**/renderer/**'], message: 'server/ imports only shared/.' },
          {
            group: ['**/db/sqlite/**', '**/db/postgres/**'],
            message: 'Reach storage through the unit of work (server/db/store.ts, openStore.ts), not an engine.',
          },
        ],
        ['electron', 'react', 'react-dom', 'zustand', 'better-sqlite3', 'pg'],
      ),
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='withSql']",
          message: 'Raw SQL belongs in server/repositories/: use withTransaction and a repository.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
