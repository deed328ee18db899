import { BOS_ID, EOS_ID, PAD_ID } from '../data/bpe';
import type { BatchShape } from './validation-flops';

/** One tokenised sentence pair (ids without <s> or </s>). */
export interface IdPair {
  source: readonly number[];
  target: readonly number[];
}

/** A padded batch as flat int32 arrays, ready for tf.tensor2d. */
export interface PackedBatch {
  size: number;
  sourceLength: number;
  targetLength: number;
  /** [size, sourceLength]: source then </s>, right-padded. */
  source: Int32Array;
  /** [size, targetLength]: <s> then target, right-padded. */
  targetIn: Int32Array;
  /** [size, targetLength]: target then </s>, right-padded. */
  targetOut: Int32Array;
  /** Real (non-pad) target tokens, the denominator of the mean loss. */
  targetTokens: number;
}

/**
 * How pairs are ordered before they are grouped: by source length (then target; fairseq's order, which training
 * keeps), or by the longer side (then the sum), which pads both sides less when targets vary as much as sources.
 */
export type LengthOrder = 'source' | 'longer-side' | 'target';

const orderKeys: Record<LengthOrder, (pair: IdPair) => [number, number]> = {
  source: (p) => [p.source.length, p.target.length],
  'longer-side': (p) => [Math.max(p.source.length, p.target.length), p.source.length + p.target.length],
  target: (p) => [p.target.length, p.source.length],
};

/** Pairs in the order `lengthOrder` sorts them, ties kept in input order. */
function sortedBy(pairs: readonly IdPair[], lengthOrder: LengthOrder): IdPair[] {
  const key = orderKeys[lengthOrder];
  return pairs
    .map((pair, index) => ({ pair, index, key: key(pair) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.index - b.index)
    .map(({ pair }) => pair);
}

/**
 * Groups pairs of similar length into batches of at most `maxTokens` padded tokens per side (fairseq's
 * --max-tokens), so little compute goes to padding. The order of `pairs` decides ties; batches come out sorted by
 * length and the caller shuffles them.
 */
export function packBatches(
  pairs: readonly IdPair[],
  maxTokens: number,
  maxLength = Infinity,
  lengthOrder: LengthOrder = 'source',
): PackedBatch[] {
  const usable = pairs.filter((p) => p.source.length + 1 <= maxLength && p.target.length + 1 <= maxLength);
  const order = sortedBy(usable, lengthOrder);
  const batches: PackedBatch[] = [];
  let group: IdPair[] = [];
  let longest = 0;
  for (const pair of order) {
    const length = Math.max(pair.source.length, pair.target.length) + 1;
    if (group.length > 0 && Math.max(longest, length) * (group.length + 1) > maxTokens) {
      batches.push(pack(group));
      group = [];
      longest = 0;
    }
    group.push(pair);
    longest = Math.max(longest, length);
  }
  if (group.length > 0) batches.push(pack(group));
  return batches;
}

export function pack(group: readonly IdPair[]): PackedBatch {
  const sourceLength = Math.max(...group.map((p) => p.source.length)) + 1;
  const targetLength = Math.max(...group.map((p) => p.target.length)) + 1;
  const source = new Int32Array(group.length * sourceLength).fill(PAD_ID);
  const targetIn = new Int32Array(group.length * targetLength).fill(PAD_ID);
  const targetOut = new Int32Array(group.length * targetLength).fill(PAD_ID);
  let targetTokens = 0;
  group.forEach((pair, row) => {
    source.set(pair.source, row * sourceLength);
    source[row * sourceLength + pair.source.length] = EOS_ID;
    targetIn[row * targetLength] = BOS_ID;
    targetIn.set(pair.target, row * targetLength + 1);
    targetOut.set(pair.target, row * targetLength);
    targetOut[row * targetLength + pair.target.length] = EOS_ID;
    targetTokens += pair.target.length + 1;
  });
  return { size: group.length, sourceLength, targetLength, source, targetIn, targetOut, targetTokens };
}

/** What a batch plan minimises, in one unit (FLOPs of a reference config, for validation). */
export interface BatchPlanCost {
  /** Cost of one padded batch. */
  batch(shape: BatchShape): number;
  /** Fixed cost of every batch, whatever its size: tf.js dispatches each op once per batch. */
  perBatch: number;
}

/**
 * Splits every pair into padded batches of least total cost under `cost`: for each length order, the sorted pairs
 * are cut into contiguous groups by dynamic programming (each group at most `maxTokens` padded tokens per side), and
 * the cheapest order's plan wins. Fixed-size greedy grouping pads short pairs up to the longest of a mixed group;
 * here a long pair only shares a batch when sharing costs less than a batch of its own. Every pair is kept exactly
 * once, so the validation loss is the same; only the grouping (and float summation order) changes.
 */
export function planBatches(pairs: readonly IdPair[], maxTokens: number, cost: BatchPlanCost): PackedBatch[] {
  if (pairs.length === 0) return [];
  let best: { total: number; groups: IdPair[][] } | null = null;
  for (const lengthOrder of ['target', 'longer-side', 'source'] as const) {
    const plan = cheapestCuts(sortedBy(pairs, lengthOrder), maxTokens, cost);
    if (!best || plan.total < best.total) best = plan;
  }
  return best!.groups.map(pack);
}

/** Least-cost contiguous grouping of `order` (O(n²) over group ends; n is a few hundred pairs at most). */
function cheapestCuts(
  order: readonly IdPair[],
  maxTokens: number,
  cost: BatchPlanCost,
): { total: number; groups: IdPair[][] } {
  const n = order.length;
  const totalTo = new Float64Array(n + 1).fill(Infinity);
  const cutAt = new Int32Array(n + 1);
  totalTo[0] = 0;
  for (let end = 1; end <= n; end++) {
    let sourceLength = 0;
    let targetLength = 0;
    for (let start = end - 1; start >= 0; start--) {
      const pair = order[start]!;
      sourceLength = Math.max(sourceLength, pair.source.length + 1);
      targetLength = Math.max(targetLength, pair.target.length + 1);
      const size = end - start;
      // A single pair always forms a batch, however long; larger groups respect the token budget.
      if (size > 1 && Math.max(sourceLength, targetLength) * size > maxTokens) break;
      const total = totalTo[start]! + cost.perBatch + cost.batch({ size, sourceLength, targetLength });
      if (total < totalTo[end]!) {
        totalTo[end] = total;
        cutAt[end] = start;
      }
    }
  }
  const groups: IdPair[][] = [];
  for (let end = n; end > 0; end = cutAt[end]!) groups.unshift(order.slice(cutAt[end]!, end));
  return { total: totalTo[n]!, groups };
}

/**
 * Splits batches (by cost) into `count` shares of near-equal total cost, deterministically: largest batch first to
 * the share with the least so far, ties to the lower share. Returns each share's batch indices in ascending order; a
 * share is empty when there are fewer batches than shares.
 */
export function splitIntoShares(costs: readonly number[], count: number): number[][] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`share count must be a whole number ≥ 1, got ${count}`);
  const shares = Array.from({ length: count }, () => ({ cost: 0, batches: [] as number[] }));
  const order = costs.map((cost, index) => ({ cost, index })).sort((a, b) => b.cost - a.cost || a.index - b.index);
  for (const { cost, index } of order) {
    const lightest = shares.reduce((best, share) => (share.cost < best.cost ? share : best));
    lightest.cost += cost;
    lightest.batches.push(index);
  }
  return shares.map((share) => share.batches.sort((a, b) => a - b));
}
