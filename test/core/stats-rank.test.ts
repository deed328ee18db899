import { describe, expect, it } from 'vitest';
import { averageRanks, spearman } from '../../src/core/stats-rank';

describe('rank statistics', () => {
  it('gives tied values their average rank, as scipy.stats.rankdata', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it('matches scipy.stats.spearmanr on a hand-checked case', () => {
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic = 0.8207826816681233
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
  });
});
