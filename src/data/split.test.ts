import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { hash53 } from './hash';
import type { Pair } from './pairs';
import { pairKey, SPLIT_NAMES, splitOf, splitPairs } from './split';

/** 20k synthetic pairs, with several targets per source and some exact duplicates. */
function syntheticPairs(): Pair[] {
  const rng = createRng(7);
  const pairs: Pair[] = [];
  for (let i = 0; i < 20_000; i++) {
    const source = `Satz ${rng.nextInt(8000)}`;
    pairs.push({ de: source, en: `sentence ${rng.nextInt(3)} for ${source}` });
  }
  return pairs;
}

describe('hash53', () => {
  it('is stable across runs and engines (pinned values)', () => {
    expect(hash53('')).toBe(3338908027751811);
    expect(hash53('Aal')).toBe(hash53('Aal'));
    expect(hash53('Aal')).not.toBe(hash53('aal'));
    expect(hash53('Aal', 1)).not.toBe(hash53('Aal'));
  });
});

describe('splitPairs', () => {
  const pairs = syntheticPairs();
  const { splits, duplicates } = splitPairs(pairs);

  it('removes exact duplicates only', () => {
    const unique = new Set(pairs.map(pairKey)).size;
    expect(duplicates).toBe(pairs.length - unique);
    expect(SPLIT_NAMES.reduce((sum, name) => sum + splits[name].length, 0)).toBe(unique);
  });

  it('never puts one source, or one pair, in two splits', () => {
    const splitOfSource = new Map<string, string>();
    const splitOfPair = new Map<string, string>();
    for (const name of SPLIT_NAMES) {
      for (const pair of splits[name]) {
        expect(splitOfSource.get(pair.de) ?? name).toBe(name);
        expect(splitOfPair.has(pairKey(pair))).toBe(false);
        splitOfSource.set(pair.de, name);
        splitOfPair.set(pairKey(pair), name);
      }
    }
  });

  it('assigns by source alone, about 1.5% each to valid and test', () => {
    for (const name of SPLIT_NAMES) for (const pair of splits[name]) expect(splitOf(pair.de)).toBe(name);
    const sources = 8000;
    const valid = new Set(splits.valid.map(({ de }) => de)).size;
    expect(valid / sources).toBeGreaterThan(0.008);
    expect(valid / sources).toBeLessThan(0.025);
  });

  it('is deterministic and independent of input order', () => {
    const shuffled = [...pairs].reverse();
    expect(splitPairs(shuffled).splits).toEqual(splits);
    expect(splitPairs(pairs).splits).toEqual(splits);
  });

  it('orders each split by hash, not by input or alphabet', () => {
    const sorted = [...splits.train].sort((a, b) => (pairKey(a) < pairKey(b) ? -1 : 1));
    expect(splits.train).not.toEqual(sorted);
  });
});
