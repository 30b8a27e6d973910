// The message catalogs (renderer/src/i18n): en.json is exactly what the code declares, every other
// catalog has exactly its ids, and every message is valid ICU with the same arguments, rich-text
// tags and select cases in every language, and the plural forms its language needs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../renderer/src/i18n/locale';

const root = resolve(import.meta.dirname, '..', '..');
const catalogDir = join(root, 'renderer', 'src', 'i18n');
const tmp = mkdtempSync(join(tmpdir(), 'tributary-i18n-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function readCatalog(file: string): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

const catalogs = Object.fromEntries(LOCALES.map((l) => [l, readCatalog(join(catalogDir, `${l}.json`))]));
const english = catalogs.en!;
const translations = LOCALES.filter((l) => l !== 'en');

/** What a message needs from its caller and how it may be cut, in a form two languages can compare. */
interface Shape {
  /** Argument → how it is used (`string`, `number`, `date`, `plural`, `select`…). */
  args: Record<string, string>;
  tags: string[];
  /** `select` argument → its cases. */
  selects: Record<string, string[]>;
  /** `plural` argument → its cases, per occurrence. */
  plurals: [string, string[]][];
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: 'string',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
  [TYPE.plural]: 'plural',
};

function shapeOf(message: string): Shape {
  const shape: Shape = { args: {}, tags: [], selects: {}, plurals: [] };
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      const kind = KIND[el.type];
      if (kind && 'value' in el) shape.args[el.value] = kind;
      if (el.type === TYPE.tag) {
        shape.tags.push(el.value);
        walk(el.children);
      }
      if (el.type === TYPE.select) shape.selects[el.value] = Object.keys(el.options).sort();
      if (el.type === TYPE.plural) shape.plurals.push([el.value, Object.keys(el.options)]);
      if (el.type === TYPE.select || el.type === TYPE.plural)
        for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(parse(message));
  shape.tags.sort();
  return shape;
}

/** Values that satisfy a message's arguments, for a trial format. */
function sampleValues(shape: Shape): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(shape.args)) {
    values[name] =
      kind === 'select'
        ? (shape.selects[name]?.[0] ?? 'other')
        : kind === 'plural' || kind === 'number'
          ? 2
          : kind === 'date' || kind === 'time'
            ? Date.UTC(2026, 2, 14)
            : 'x';
  }
  for (const tag of shape.tags) values[tag] = (chunks: unknown[]) => chunks.join('');
  return values;
}

describe('message catalogs', () => {
  it('en.json is what `npm run i18n:extract` extracts from renderer/src (run it after changing a message)', () => {
    const out = join(tmp, 'en.json');
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'formatjs'),
      ['extract', 'renderer/src/**/*.{ts,tsx}', '--format', 'simple', '--throws', '--out-file', out],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(english).toEqual(readCatalog(out));
  });

  it('names every message with an explicit dotted id (area.thing), never a generated hash', () => {
    const bad = Object.keys(english).filter((id) => !/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/.test(id));
    expect(bad).toEqual([]);
  });

  it.each(translations)('%s.json has exactly the ids of en.json', (locale) => {
    const ids = Object.keys(catalogs[locale]!);
    expect({
      missing: Object.keys(english).filter((id) => !ids.includes(id)),
      extra: ids.filter((id) => !(id in english)),
    }).toEqual({ missing: [], extra: [] });
  });

  it.each(translations)(
    '%s.json: every message is valid ICU with the arguments, tags and select cases of English',
    (locale) => {
      const mismatches: string[] = [];
      for (const [id, message] of Object.entries(catalogs[locale]!)) {
        const source = english[id];
        if (source === undefined) continue;
        const { args, tags, selects } = shapeOf(message);
        const want = shapeOf(source);
        if (
          JSON.stringify({ args, tags, selects }) !==
          JSON.stringify({ args: want.args, tags: want.tags, selects: want.selects })
        )
          mismatches.push(`${id}: ${JSON.stringify({ args, tags, selects })} ≠ ${JSON.stringify(want)}`);
      }
      expect(mismatches).toEqual([]);
    },
  );

  it.each(LOCALES)('%s.json: every plural has the forms the language needs, and every message formats', (locale) => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const problems: string[] = [];
    for (const [id, message] of Object.entries(catalogs[locale]!)) {
      const shape = shapeOf(message);
      for (const [arg, cases] of shape.plurals) {
        const missing = needed.filter((c) => !cases.includes(c));
        if (missing.length > 0) problems.push(`${id}: {${arg}} lacks ${missing.join(', ')}`);
      }
      try {
        new IntlMessageFormat(message, locale).format(sampleValues(shape) as Record<string, string>);
      } catch (error) {
        problems.push(`${id}: ${String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('sees a mismatch when a translation drops or renames an argument (the check itself works)', () => {
    expect(shapeOf('{count, plural, one {# reply} other {# replies}}')).not.toEqual(
      shapeOf('{n, plural, one {# vastaus} other {# vastausta}}'),
    );
    expect(shapeOf('Hello <b>{name}</b>').tags).toEqual(['b']);
    expect(shapeOf('Hei {name}').tags).toEqual([]);
    expect(() => shapeOf('Hei {name')).toThrow();
  });
});
