// ESLint flat config. The import boundaries here are the architecture's layering rules (see
// ../shared/design/STYLE.md): a wrong import fails `npm test`, not just a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeOnly = ['better-sqlite3', 'socket.io', 'socket.io-client', 'ws', 'electron'];
const nodeBuiltins = { group: ['node:*'], message: 'Node built-ins are not available here.' };

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
          regex: '^(?!\\.|zod$|mdast$|mdast-util-[a-z-]+$|micromark-[a-z-]+$)',
          message: 'shared/ imports only zod and the markdown parser (mdast-util-*, micromark-*).',
        },
      ],
      [...nodeOnly, 'react', 'zustand'],
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [nodeBuiltins, { group: ['**/main/**', '**/server/**'], message: 'The renderer imports only shared/.' }],
        nodeOnly,
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/preload/**'],
    rules: restrict(
      [{ group: ['**/server/**', '**/renderer/**'], message: 'main/ imports only shared/.' }],
      ['electron'],
    ),
  },
  {
    files: ['main/electron/**/*.ts', 'main/preload/**/*.ts'],
    rules: restrict([{ group: ['**/server/**', '**/renderer/**'], message: 'main/ imports only shared/.' }]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(
      [{ group: ['**/main/**', '**/renderer/**'], message: 'server/ imports only shared/.' }],
      ['electron', 'react', 'react-dom', 'zustand'],
    ),
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
