/*
 * The bad values of the socket fuzz (fuzz.test.ts): one seeded generator, so a failure replays, and
 * for each kind of field the values a valid payload must never accept there.
 */
import { uuidv7 } from '../../shared/domain/ids';
import { prng, pickWith } from '../helpers/random';

export const random = prng(20261126);
export const pick = <T>(items: readonly T[]): T => pickWith(random, items);
export const junkString = () =>
  Array.from({ length: 1 + Math.floor(random() * 40) }, () => String.fromCharCode(33 + Math.floor(random() * 90))).join(
    '',
  );
export const nested = (depth: number): unknown =>
  depth === 0 ? pick([null, 1, 'x', true]) : { a: [nested(depth - 1), { b: nested(depth - 1) }] };
export const HUGE = 'x'.repeat(100_000);

export type Kind =
  | 'id'
  | 'ids'
  | 'fileIds'
  | 'seq'
  | 'limit'
  | 'clientId'
  | 'body'
  | 'emoji'
  | 'bool'
  | 'note'
  | 'scope'
  | 'tokenName'
  | 'speechPatch'
  | 'query'
  | 'cursor'
  | 'tag'
  | 'days'
  | 'url'
  | 'profileText'
  | 'skills'
  | 'visibilityMap'
  | 'guidelinesBody'
  | 'version'
  | 'email'
  | 'password'
  | 'role'
  | 'sharing'
  | 'handle'
  | 'domains';
/** Values that are never valid for a field of this kind. */
export const invalid: Record<Kind, () => unknown> = {
  id: () =>
    pick([
      () => junkString(),
      () => '',
      () => 42,
      () => null,
      () => [],
      () => ({}),
      () => true,
      () => `${uuidv7().slice(0, 35)}g`,
      () => HUGE,
      () => nested(4),
    ])(),
  // never valid: too many, not ids, not a list (an empty list is valid: no files)
  fileIds: () =>
    pick([
      () => Array.from({ length: 11 }, () => uuidv7()),
      () => [junkString()],
      () => uuidv7(),
      () => null,
      () => [uuidv7(), 5],
      () => ({}),
    ])(),
  ids: () =>
    pick([
      () => [],
      () => Array.from({ length: 101 }, () => uuidv7()),
      () => [junkString()],
      () => uuidv7(),
      () => null,
      () => [uuidv7(), 5],
      () => ({}),
    ])(),
  seq: () =>
    pick([
      () => -1 - Math.floor(random() * 1e6),
      () => random() * 100 + 0.5,
      () => '3',
      () => null,
      () => [],
      () => ({}),
      () => true,
      () => nested(3),
    ])(),
  limit: () => pick([0, -3, 501, 1e6, 2.5, '10', null, [], false])!,
  clientId: () =>
    pick([() => 'short', () => 'x'.repeat(65), () => 12345678, () => null, () => [], () => ({}), () => HUGE])(),
  body: () =>
    pick([
      () => '',
      () => '   \n\t ',
      () => 42,
      () => null,
      () => [],
      () => ({ text: 'x' }),
      () => false,
      () => nested(5),
    ])(),
  emoji: () =>
    pick([() => '', () => 'x'.repeat(33), () => 'lol', () => '👍👍', () => 5, () => null, () => ['👍'], () => HUGE])(),
  bool: () => pick(['yes', 1, 0, null, [], {}, 'true'])!,
  note: () => pick([() => 'x'.repeat(2001), () => 5, () => null, () => [], () => ({}), () => HUGE])(),
  scope: () => pick(['all', '', 'QUEUE', 5, null, [], {}])!,
  tokenName: () => pick(['', '   ', 'x'.repeat(101), 5, null, [], {}, true])!,
  speechPatch: () =>
    pick([
      () => ({ orgStreamPosting: 'admins' }),
      () => ({ orgStreamMentions: 'nobody' }),
      () => ({ teamStreamMentions: 'admins' }),
      () => ({ everyone: true }),
      () => 'everyone',
      () => null,
      () => [],
      () => HUGE,
    ])(),
  query: () =>
    pick([() => '', () => ' \n\t ', () => 'x'.repeat(501), () => 5, () => null, () => [], () => ({}), () => HUGE])(),
  cursor: () =>
    pick([() => '', () => 'not a cursor', () => 'x'.repeat(201), () => 7, () => null, () => [], () => HUGE])(),
  tag: () => pick(['', '#', '42', 'a b', 'end-', '#a#b', 'x'.repeat(70), 5, null, [], {}, HUGE])!,
  days: () => pick([0, -1, 1.5, 36_501, 1e12, '30', 'forever', [], {}, true])!, // not NaN: it travels as null, which means "keep forever"
  url: () =>
    pick([
      '',
      'https://x.test/\u0000.png',
      'javascript:alert(1)',
      'ftp://x.test/a.png',
      'not a url',
      5,
      null,
      [],
      {},
      HUGE,
    ])!,
  // every profile text is at most 2,000 characters (about); the display name at most 100
  profileText: () => pick([() => 'x'.repeat(2001), () => 5, () => [], () => ({}), () => true, () => HUGE])(),
  skills: () => pick([() => 'design', () => [''], () => ['x'.repeat(51)], () => Array(31).fill('s'), () => [5]])(),
  visibilityMap: () =>
    pick([() => ({ phone: 'everyone' }), () => ({ email: 'org' }), () => ({ title: null }), () => 'org', () => []])(),
  guidelinesBody: () =>
    pick([
      () => '',
      () => ' \n\u200b ',
      () => 'x'.repeat(8001),
      // short enough, but more markup than the parser's budget: it could not render as markdown
      () => '`a` '.repeat(1500),
      () => 5,
      () => null,
      () => ['rules'],
      () => HUGE,
    ])(),
  version: () => pick([0, -1, 1.5, '1', null, [], {}, true])!,
  email: () => pick(['', 'nobody', 'a b@c.test', '@c.test', `${'x'.repeat(300)}@c.test`, 5, null, [], {}])!,
  password: () => pick(['', 'x'.repeat(1025), 5, null, [], {}, true])!,
  // invalid as an org role and as a team role alike
  role: () => pick(['owner', '', 'Member ', 'root', 5, null, [], {}])!,
  sharing: () => pick(['closed', '', 'OPEN ', 5, null, [], {}])!,
  handle: () => pick(['', '-x', 'a b', 'x'.repeat(64), 'ä', 5, null, [], {}])!,
  domains: () =>
    pick([
      () => 'example.com',
      () => [''],
      () => [5],
      () => Array(501).fill('a.test'),
      () => ['x'.repeat(254)],
      () => null,
    ])(),
};
