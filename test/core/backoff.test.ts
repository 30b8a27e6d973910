import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../main/core/sync/backoff';

describe('reconnect backoff', () => {
  const o = { minDelayMs: 100, maxDelayMs: 5000 };

  it('grows exponentially and is capped', () => {
    expect(backoffDelay(0, o, () => 1)).toBe(100);
    expect(backoffDelay(3, o, () => 1)).toBe(800);
    expect(backoffDelay(10, o, () => 1)).toBe(5000);
    expect(backoffDelay(1000, o, () => 1)).toBe(5000);
  });

  it('uses full jitter between the minimum and the ceiling', () => {
    expect(backoffDelay(5, o, () => 0)).toBe(100);
    expect(backoffDelay(5, o, () => 0.5)).toBe(1650);
    const samples = Array.from({ length: 200 }, () => backoffDelay(6, o));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...samples)).toBeLessThanOrEqual(5000);
    expect(new Set(samples).size).toBeGreaterThan(50);
  });
});
