import { describe, expect, it } from 'vitest';
import { computeMetrics, kendallTau } from '../../../src/core/latency/metrics';

describe('predictor metrics', () => {
  it('match hand-computed RMSE, MAPE and ±10 % share', () => {
    // Errors 10, -10, 50 ms on 100, 100, 200 ms: squared 100 + 100 + 2500; relative 0.1, 0.1, 0.25.
    const m = computeMetrics([110, 90, 250], [100, 100, 200]);
    expect(m.rows).toBe(3);
    expect(m.rmseMs).toBeCloseTo(Math.sqrt(2700 / 3), 12);
    expect(m.mape).toBeCloseTo(0.45 / 3, 12);
    expect(m.within10).toBeCloseTo(2 / 3, 12);
  });

  it("computes Kendall's tau-b by pair counting", () => {
    // One discordant pair (2,3) of six: (5 - 1) / 6.
    expect(kendallTau([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 12);
    expect(kendallTau([1, 2, 3], [3, 2, 1])).toBe(-1);
    // Ties: a = [1,1,2], b = [1,2,3]: pairs (0,1) tied in a; (0,2),(1,2) concordant. tau-b = 2 / sqrt(2 · 3).
    expect(kendallTau([1, 1, 2], [1, 2, 3])).toBeCloseTo(2 / Math.sqrt(6), 12);
  });

  it('refuses mismatched or empty inputs', () => {
    expect(() => computeMetrics([1], [1, 2])).toThrow(RangeError);
    expect(() => computeMetrics([], [])).toThrow(RangeError);
  });
});
