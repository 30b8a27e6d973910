import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from '../../shared/domain/ids';
import { idSchema } from '../../shared/protocol';

describe('uuidv7', () => {
  it('produces RFC 9562 version-7 ids that the protocol accepts', () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idSchema.safeParse(id).success).toBe(true);
  });

  it('encodes the creation time in its first 48 bits', () => {
    const now = Date.UTC(2031, 0, 1); // later than any id made before, so the monotonic clamp does not apply
    expect(uuidv7Time(uuidv7(now))).toBe(now);
  });

  it('sorts in creation order even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(2_000_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes backwards when the clock does', () => {
    const later = uuidv7(2_100_000_000_000);
    const earlier = uuidv7(2_050_000_000_000);
    expect(earlier > later).toBe(true);
  });
});
