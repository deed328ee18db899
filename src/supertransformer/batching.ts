import { BOS_ID, EOS_ID, PAD_ID } from '../data/bpe';

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
export type LengthOrder = 'source' | 'longer-side';

const orderKeys: Record<LengthOrder, (pair: IdPair) => [number, number]> = {
  source: (p) => [p.source.length, p.target.length],
  'longer-side': (p) => [Math.max(p.source.length, p.target.length), p.source.length + p.target.length],
};

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
  const key = orderKeys[lengthOrder];
  const order = usable
    .map((pair, index) => ({ pair, index, key: key(pair) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.index - b.index)
    .map(({ pair }) => pair);
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
