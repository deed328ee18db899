import { describe, expect, it } from 'vitest';
import { trimmedStats } from '../../../src/core/latency/trimmed-stats';

describe("HAT's trimmed latency statistic", () => {
  it('drops the lowest and highest 10 % of 20 timings and takes the population std', () => {
    // 1..20 shuffled: drop 1, 2 (lowest 2) and 19, 20 (highest 2); 3..18 remain, mean 10.5,
    // population variance = (16^2 - 1) / 12 = 21.25.
    const timings = [7, 20, 1, 13, 4, 18, 10, 2, 15, 9, 19, 3, 12, 6, 17, 5, 11, 16, 8, 14];
    const stats = trimmedStats(timings);
    expect(stats.kept).toBe(16);
    expect(stats.meanMs).toBeCloseTo(10.5, 12);
    expect(stats.stdMs).toBeCloseTo(Math.sqrt(21.25), 12);
  });

  it('always drops at least the highest timing, as HAT does for fewer than 10 runs', () => {
    // n = 5: floor(0.5) = 0 lowest dropped, max(1, 0) = 1 highest dropped: [1, 2, 3, 4] remain.
    const stats = trimmedStats([4, 100, 2, 3, 1]);
    expect(stats.kept).toBe(4);
    expect(stats.meanMs).toBe(2.5);
    expect(stats.stdMs).toBeCloseTo(Math.sqrt(1.25), 12);
    // n = 2 keeps the lower one alone.
    expect(trimmedStats([9, 5])).toEqual({ meanMs: 5, stdMs: 0, kept: 1 });
  });

  it('trims 1 at each end for 10..19 timings', () => {
    const stats = trimmedStats([50, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0]);
    expect(stats.kept).toBe(10);
    expect(stats.meanMs).toBeCloseTo(1.9, 12);
  });

  it('refuses fewer than two timings and non-finite ones', () => {
    expect(() => trimmedStats([3])).toThrow(RangeError);
    expect(() => trimmedStats([1, Number.NaN])).toThrow(RangeError);
  });
});
