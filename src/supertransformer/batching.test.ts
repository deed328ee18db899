import { describe, expect, it } from 'vitest';
import { packBatches, type IdPair } from './batching';

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
