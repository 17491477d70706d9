import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter } from './retry-delay.js';

describe('backoffDelayMs', () => {
  it.each([
    // attempt, base, max, random, expected
    [1, 500, 30_000, 0.999_999, 499],
    [2, 500, 30_000, 0.5, 500],
    [3, 500, 30_000, 0.5, 1000],
    [4, 500, 30_000, 0, 0],
    [10, 500, 30_000, 0.5, 15_000],
    [30, 500, 30_000, 0.999_999, 29_999],
  ])('attempt %i, base %i, cap %i, random %f → %i ms', (attempt, baseDelayMs, maxDelayMs, random, expected) => {
    expect(backoffDelayMs({ attempt, baseDelayMs, maxDelayMs, random: () => random })).toBe(expected);
  });

  it('stays within [0, cap] with the real random source', () => {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const delay = backoffDelayMs({ attempt, baseDelayMs: 500, maxDelayMs: 30_000 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(30_000, 500 * 2 ** (attempt - 1)));
    }
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it.each([
    ['120', 120_000],
    [' 3 ', 3000],
    ['Tue, 24 Nov 2026 12:00:10 GMT', 10_000],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
