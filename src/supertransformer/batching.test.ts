import { describe, expect, it } from 'vitest';
import { packBatches, planBatches, splitIntoShares, type IdPair } from './batching';

const pair = (sourceLength: number, targetLength: number, id: number): IdPair => ({
  source: Array.from({ length: sourceLength }, () => 10 + id),
  target: Array.from({ length: targetLength }, () => 10 + id),
});

const paddedTargets = (batches: ReturnType<typeof packBatches>): number =>
  batches.reduce((sum, b) => sum + b.size * b.targetLength, 0);

describe('packBatches', () => {
  // Short sources with long targets and the reverse, as in a dictionary: source order mixes them.
  const pairs = [
    pair(2, 12, 0),
    pair(12, 2, 1),
    pair(2, 2, 2),
    pair(12, 12, 3),
    pair(3, 11, 4),
    pair(11, 3, 5),
    pair(3, 3, 6),
    pair(2, 3, 7),
  ];

  it('keeps every pair exactly once, within the token budget per side', () => {
    for (const order of ['source', 'longer-side'] as const) {
      const batches = packBatches(pairs, 26, Infinity, order);
      const ids = batches.flatMap((b) => Array.from({ length: b.size }, (_, row) => b.source[row * b.sourceLength]));
      expect(ids.sort()).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
      for (const b of batches) {
        if (b.size > 1) expect(Math.max(b.sourceLength, b.targetLength) * b.size).toBeLessThanOrEqual(26);
      }
      expect(batches.reduce((sum, b) => sum + b.targetTokens, 0)).toBe(
        pairs.reduce((s, p) => s + p.target.length + 1, 0),
      );
    }
  });

  it('pads fewer target tokens when grouping by the longer side', () => {
    expect(paddedTargets(packBatches(pairs, 39, Infinity, 'source'))).toBe(101);
    expect(paddedTargets(packBatches(pairs, 39, Infinity, 'longer-side'))).toBe(77);
  });
});

describe('planBatches', () => {
  // Dictionary-like lengths: mostly short pairs, a few long ones on either side.
  const lengths: Array<[number, number]> = [
    [3, 3],
    [5, 6],
    [4, 5],
    [25, 16],
    [4, 3],
    [8, 5],
    [6, 6],
    [12, 12],
    [4, 5],
    [10, 5],
    [23, 12],
    [8, 6],
    [4, 6],
    [11, 7],
    [2, 2],
    [26, 23],
    [4, 3],
    [3, 3],
    [4, 6],
    [3, 3],
    [5, 7],
    [3, 2],
    [8, 7],
    [10, 26],
  ];
  const pairs = lengths.map(([s, t], id) => pair(s, t, id));
  // Padded positions of both sides, plus a fixed cost per batch.
  const cost = (perBatch: number) => ({
    batch: (b: { size: number; sourceLength: number; targetLength: number }) =>
      b.size * (b.sourceLength + b.targetLength),
    perBatch,
  });
  const totalCost = (batches: ReturnType<typeof packBatches>, perBatch: number): number =>
    batches.reduce((sum, b) => sum + perBatch + b.size * (b.sourceLength + b.targetLength), 0);

  it('keeps every pair exactly once, within the token budget', () => {
    const batches = planBatches(pairs, 64, cost(20));
    const ids = batches.flatMap((b) => Array.from({ length: b.size }, (_, row) => b.source[row * b.sourceLength]));
    expect(ids.sort((a, b) => a! - b!)).toEqual(pairs.map((_, id) => 10 + id));
    for (const b of batches)
      if (b.size > 1) expect(Math.max(b.sourceLength, b.targetLength) * b.size).toBeLessThanOrEqual(64);
    expect(batches.reduce((sum, b) => sum + b.targetTokens, 0)).toBe(
      pairs.reduce((s, p) => s + p.target.length + 1, 0),
    );
  });

  it('costs no more than greedy grouping in any order, and pads less when batches are cheap', () => {
    for (const perBatch of [0, 20, 200]) {
      const planned = totalCost(planBatches(pairs, 64, cost(perBatch)), perBatch);
      for (const order of ['source', 'longer-side', 'target'] as const) {
        expect(planned).toBeLessThanOrEqual(totalCost(packBatches(pairs, 64, Infinity, order), perBatch));
      }
    }
    expect(paddedTargets(planBatches(pairs, 64, cost(0)))).toBeLessThan(
      paddedTargets(planBatches(pairs, 64, cost(200))),
    );
    expect(planBatches(pairs, 64, cost(0)).length).toBeGreaterThan(planBatches(pairs, 64, cost(200)).length);
  });
});

describe('splitIntoShares', () => {
  it('gives every batch to exactly one share, balancing the cost', () => {
    const costs = [9, 1, 4, 4, 7, 2, 3];
    const shares = splitIntoShares(costs, 3);
    expect(shares.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const totals = shares.map((share) => share.reduce((sum, i) => sum + costs[i]!, 0));
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(2);
    expect(splitIntoShares(costs, 3)).toEqual(shares);
    expect(splitIntoShares([5], 2)).toEqual([[0], []]);
    expect(() => splitIntoShares(costs, 0)).toThrow(/share count/);
  });
});
