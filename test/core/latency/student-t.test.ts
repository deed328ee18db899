import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTQuantile } from '../../../src/core/latency/student-t';

describe('normal and t quantiles', () => {
  it('match the tables', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    // Student's t, two-sided tables (exact values to 3 decimals).
    const table: [number, number, number][] = [
      [0.95, 9, 1.833],
      [0.95, 4, 2.132],
      [0.975, 4, 2.776],
      [0.975, 19, 2.093],
      [0.99, 9, 2.821],
      [0.995, 17, 2.898],
      [0.9, 5, 1.476],
    ];
    for (const [p, df, t] of table) expect(studentTQuantile(p, df) / t).toBeCloseTo(1, 2);
    expect(studentTQuantile(0.05, 9)).toBeCloseTo(-studentTQuantile(0.95, 9), 9);
  });
});
