import { describe, expect, it } from 'vitest';
import { canonicalEmoji } from '../../shared/domain/emoji';
import { reactionToggleRequestSchema } from '../../shared/protocol/index';

describe('canonicalEmoji', () => {
  it.each([
    ['👍', '👍'],
    ['👍\uFE0F', '👍'],
    [':+1:', '👍'],
    [':thumbsup:', '👍'],
    [':tada:', '🎉'],
    ['❤', '❤️'],
    ['❤️', '❤️'],
    [':heart:', '❤️'],
    ['👍🏽', '👍🏽'],
    ['👨‍👩‍👧', '👨‍👩‍👧'],
    ['🇩🇪', '🇩🇪'],
    ['🏳️‍🌈', '🏳️‍🌈'],
    ['#️⃣', '#️⃣'],
    ['😄', '😄'],
  ])('accepts %s as %s', (input, canonical) => {
    expect(canonicalEmoji(input)).toBe(canonical);
  });

  it.each([
    '',
    'a',
    'ok',
    '👍👍',
    '👍 ',
    ' 👍',
    ':nope:',
    ':thumbsup',
    '__proto__',
    'constructor',
    '🏻', // a skin-tone component, not an emoji on its own
    '🇦', // a lone regional indicator
    '<script>',
    '\u0000',
    'x'.repeat(100),
  ])('refuses %j', (input) => {
    expect(canonicalEmoji(input)).toBeNull();
  });

  it('the request schema stores the canonical spelling and names the field when it refuses', () => {
    const id = '0190a7e0-0000-7000-8000-000000000000';
    expect(reactionToggleRequestSchema.parse({ messageId: id, emoji: ':+1:' }).emoji).toBe('👍');
    const refused = reactionToggleRequestSchema.safeParse({ messageId: id, emoji: 'lol' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['emoji']);
  });
});
