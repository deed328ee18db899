/** Deduplication, the train/valid/test split and the order of pairs inside each split. Pure and deterministic. */
import { SPLIT_BUCKETS, TEST_BUCKETS, VALID_BUCKETS } from './config';
import { hash53 } from './hash';
import type { Pair } from './pairs';

export type SplitName = 'train' | 'valid' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'valid', 'test'];

// Distinct seeds so the split and the order within a split are independent of each other.
const SPLIT_SEED = 0x5e1;
const ORDER_SEED = 0x04de4;

/**
 * The split of a pair depends on its German (source) side only, so every translation of one source sentence lands in
 * the same split: the model can never be scored on a source it was trained on. Identical pairs share their source,
 * so they cannot straddle two splits either.
 */
export function splitOf(de: string): SplitName {
  const bucket = hash53(de, SPLIT_SEED) % SPLIT_BUCKETS;
  if (bucket < VALID_BUCKETS) return 'valid';
  if (bucket < VALID_BUCKETS + TEST_BUCKETS) return 'test';
  return 'train';
}

export function pairKey(pair: Pair): string {
  return `${pair.de}\t${pair.en}`;
}

/**
 * Removes exact duplicates (keeping the first), assigns splits, and orders each split by a hash of the pair, so that
 * any prefix of a split file is a uniform random sample of it (the source file is alphabetical) and the order never
 * depends on input order. Ties in the hash, which are astronomically rare, fall back to string order.
 */
export function splitPairs(pairs: readonly Pair[]): { splits: Record<SplitName, Pair[]>; duplicates: number } {
  const seen = new Set<string>();
  const splits: Record<SplitName, Pair[]> = { train: [], valid: [], test: [] };
  let duplicates = 0;
  for (const pair of pairs) {
    const key = pairKey(pair);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    splits[splitOf(pair.de)].push(pair);
  }
  for (const name of SPLIT_NAMES) splits[name] = sortByHash(splits[name]);
  return { splits, duplicates };
}

export function sortByHash(pairs: readonly Pair[]): Pair[] {
  return pairs
    .map((pair) => ({ pair, key: pairKey(pair), order: hash53(pairKey(pair), ORDER_SEED) }))
    .sort((a, b) => a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ pair }) => pair);
}
