import { describe, expect, it } from 'vitest';
import { withOtherSources } from './mismatch';

describe('withOtherSources', () => {
  it('keeps every target and gives it the source of the pair offset places on, wrapping', () => {
    const pairs = [
      { de: 'a', en: 'A' },
      { de: 'b', en: 'B' },
      { de: 'c', en: 'C' },
    ];
    expect(withOtherSources(pairs, 'de', 1)).toEqual([
      { de: 'b', en: 'A' },
      { de: 'c', en: 'B' },
      { de: 'a', en: 'C' },
    ]);
    expect(pairs[0]).toEqual({ de: 'a', en: 'A' });
  });

  it('mismatches every pair of a set larger than the default offset', () => {
    const pairs = Array.from({ length: 20 }, (_, i) => ({ source: [i], target: [100 + i] }));
    const mismatched = withOtherSources(pairs, 'source');
    expect(mismatched.map((p) => p.target)).toEqual(pairs.map((p) => p.target));
    mismatched.forEach((p, i) => expect(p.source).not.toEqual(pairs[i]!.source));
  });
});
