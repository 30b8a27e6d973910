// The lint that keeps interface text in the catalogs: code written into renderer/src is linted with
// the repository's own ESLint config, so these cases prove both the rule and that it is switched on
// there (and only there), with the file:line a developer needs.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The rule's findings for `code` as if it were this file: `line: text` each. */
async function findings(code: string, file = 'renderer/src/components/Example.tsx'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result!.messages
    .filter((m) => m.ruleId === 'tributary/no-hardcoded-ui-text')
    .map((m) => `${m.line}: ${/"(.*)"/.exec(m.message)?.[1] ?? m.message}`);
}

/** Every problem of any formatjs rule, as `ruleId line`. */
async function formatjsProblems(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, 'renderer/src/components/Example.tsx') });
  return result!.messages.filter((m) => m.ruleId?.startsWith('formatjs/')).map((m) => `${m.ruleId} ${m.line}`);
}

describe('no hard-coded interface text in renderer/src', () => {
  it('reports JSX text, text attributes and props, and literals rendered as children, each at its line', async () => {
    const code = [
      `export function Example({ busy, name }: { busy: boolean; name: string }) {`,
      `  return (`,
      `    <div>`,
      `      <p>Sending…</p>`,
      `      <button aria-label="Close thread">✕</button>`,
      `      <input placeholder={busy ? 'Wait' : 'Search messages'} title={\`Hello \${name}\`} />`,
      `      <Composer label="Reply in thread" />`,
      `      {busy && 'Saving'}`,
      `      <img alt={'A chart'} src="chart.png" />`,
      `    </div>`,
      `  );`,
      `}`,
      `function Composer(_: { label: string }) {`,
      `  return null;`,
      `}`,
    ].join('\n');
    expect(await findings(code)).toEqual([
      '4: Sending…',
      '5: Close thread',
      '6: Wait',
      '6: Search messages',
      '6: Hello …',
      '7: Reply in thread',
      '8: Saving',
      '9: A chart',
    ]);
  });

  it('reports toast and error texts built in the store', async () => {
    const code = [
      `import { create } from 'zustand';`,
      `export const useStore = create<{ toast: (t: unknown, kind?: string) => void; loginError: unknown }>()((set) => ({`,
      `  loginError: null,`,
      `  toast: (t) => set({ loginError: t }),`,
      `}));`,
      `export function fail(ok: boolean) {`,
      `  useStore.getState().toast(ok ? 'Saved' : 'Could not save', 'error');`,
      `  useStore.setState({ loginError: 'Wrong password' });`,
      `  return { label: 'Needs my consent', hint: \`Try again\` };`,
      `}`,
    ].join('\n');
    expect(await findings(code, 'renderer/src/store/exampleSlice.ts')).toEqual([
      '7: Saved',
      '7: Could not save',
      '8: Wrong password',
      '9: Needs my consent',
      '9: Try again',
    ]);
  });

  it('allows what is not language: glyphs, numbers, emoji, class names, test ids, keys, roles and messages', async () => {
    const code = [
      `import { defineMessages, FormattedMessage, useIntl } from 'react-intl';`,
      `const messages = defineMessages({ close: { id: 'example.close', defaultMessage: 'Close' } });`,
      `export function Example({ count, kind }: { count: number; kind: string }) {`,
      `  const intl = useIntl();`,
      `  return (`,
      `    <div className="panel header" data-testid="example-panel" role="region" key="k">`,
      `      <span aria-hidden="true">{kind === 'org' ? '◎' : '#'}</span> @{count} {' · '} 👍 ↓ 3/4`,
      `      <button type="button" aria-label={intl.formatMessage(messages.close)}>✕</button>`,
      `      <FormattedMessage {...messages.close} />`,
      `      <a href="https://example.com/help" title={intl.formatMessage(messages.close)}>?</a>`,
      `    </div>`,
      `  );`,
      `}`,
      `export const onKey = (e: KeyboardEvent) => e.key === 'Escape' && document.dispatchEvent(new Event('close'));`,
    ].join('\n');
    expect(await findings(code)).toEqual([]);
  });

  it('checks the renderer only: the core, the server and tests write English for logs and bots', async () => {
    const code = `export const label = { text: 'not signed in' };\nexport const x = <p>Hello</p>;`;
    expect(await findings(code, 'renderer/src/components/Example.tsx')).toHaveLength(2);
    expect(await findings(code.split('\n')[0]!, 'main/core/example.ts')).toEqual([]);
    expect(await findings(code, 'test/renderer/example.test.tsx')).toEqual([]);
  });

  it('refuses malformed ICU messages, plurals without one/other, and messages without an English default', async () => {
    const code = [
      `import { defineMessages } from 'react-intl';`,
      `export const messages = defineMessages({`,
      `  broken: { id: 'example.broken', defaultMessage: 'Hello {name' },`,
      `  plural: { id: 'example.plural', defaultMessage: '{count, plural, other {# replies}}' },`,
      `  empty: { id: 'example.empty' },`,
      `});`,
    ].join('\n');
    const problems = await formatjsProblems(code);
    expect(problems).toContain('formatjs/no-invalid-icu 3');
    expect(problems).toContain('formatjs/enforce-plural-rules 4');
    expect(problems).toContain('formatjs/enforce-default-message 5');
  });
});
