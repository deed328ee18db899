import { describe, expect, it } from 'vitest';
import { fitFeatureStats, fitTargetStats, normalizeFeatures } from '../../../src/core/latency/normalize';
import { splitIndices } from '../../../src/core/latency/split';

describe('normalisation learned from the training rows', () => {
  it('z-scores each feature and maps a constant feature to 0', () => {
    const rows = [
      [1, 6, 10],
      [3, 6, 20],
      [5, 6, 30],
    ];
    const stats = fitFeatureStats(rows);
    expect(stats.mean).toEqual([3, 6, 20]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stats.std[1]).toBe(1); // constant: no division by zero
    const z = normalizeFeatures([[3 + Math.sqrt(8 / 3), 6, 20]], stats);
    expect(z[0]).toBeCloseTo(1, 6);
    expect(z[1]).toBe(0);
    expect(z[2]).toBe(0);
  });

  it('learns target location and scale', () => {
    expect(fitTargetStats([1, 3])).toEqual({ mean: 2, std: 1 });
    expect(fitTargetStats([5, 5]).std).toBe(1);
  });

  it('rejects rows of the wrong width', () => {
    expect(() => normalizeFeatures([[1, 2]], fitFeatureStats([[1, 2, 3]]))).toThrow(/expected 3 features/);
  });
});

describe('seeded 80/10/10 split', () => {
  it('is a reproducible partition', () => {
    const a = splitIndices(2000, 1);
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([1600, 200, 200]);
    expect(new Set([...a.train, ...a.valid, ...a.test]).size).toBe(2000);
    expect(splitIndices(2000, 1)).toEqual(a);
    expect(splitIndices(2000, 2).test).not.toEqual(a.test);
  });
});
