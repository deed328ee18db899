import type { PackedBatch } from '../supertransformer/batching';
import { FAIRSEQ_EOS, FAIRSEQ_PAD } from './dictionary';
import { LegacyRandomState } from './numpy-random';

/**
 * Validation batches exactly as fairseq builds them for HAT's search (evolution.py validate_all →
 * task.get_batch_iterator): indices shuffled with numpy's seeded permutation, stably sorted by target then source
 * size (LanguagePairDataset.ordered_indices), checked against the max positions, then cut into batches of at most
 * `maxTokens` padded tokens (max(source, target) x sentences) whose sizes are multiples of 8 where possible
 * (data_utils_fast.batch_by_size_fast). This is separate from the demo model's batching (supertransformer/batching.ts):
 * it reproduces fairseq's order for comparability with HAT's logs, not the least padding.
 */
export interface FairseqBatchOptions {
  maxTokens: number;
  maxSentences?: number;
  /** fairseq's --required-batch-size-multiple (default 8). */
  requiredBatchSizeMultiple?: number;
  /** fairseq's --seed (default 1): the shuffle that breaks ties between equal sizes. */
  seed?: number;
  maxSourcePositions?: number;
  maxTargetPositions?: number;
}

export class BatchingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchingError';
  }
}

/** Sentence indices per batch, in fairseq's order. Sizes count </s>. */
export function fairseqBatchIndices(
  sourceSizes: ArrayLike<number>,
  targetSizes: ArrayLike<number>,
  options: FairseqBatchOptions,
): number[][] {
  const count = sourceSizes.length;
  if (targetSizes.length !== count) {
    throw new BatchingError(`the source side has ${count} sentences, the target side ${targetSizes.length}`);
  }
  const { maxTokens, maxSentences = Infinity, requiredBatchSizeMultiple: multiple = 8, seed = 1 } = options;
  const maxSource = options.maxSourcePositions ?? 1024;
  const maxTarget = options.maxTargetPositions ?? 1024;
  const shuffled = new LegacyRandomState(seed).permutation(count);
  const rank = new Int32Array(count);
  shuffled.forEach((index, position) => (rank[index] = position));
  const order = shuffled
    .slice()
    .sort((a, b) => sourceSizes[a]! - sourceSizes[b]! || targetSizes[a]! - targetSizes[b]! || rank[a]! - rank[b]!);
  for (const index of order) {
    if (sourceSizes[index]! > maxSource || targetSizes[index]! > maxTarget) {
      throw new BatchingError(
        `sentence ${index} has ${sourceSizes[index]} source and ${targetSizes[index]} target tokens, more than the model's ${maxSource}/${maxTarget} positions`,
      );
    }
  }
  const batches: number[][] = [];
  let batch: number[] = [];
  let lengths: number[] = [];
  let longest = 0;
  for (const index of order) {
    const tokens = Math.max(sourceSizes[index]!, targetSizes[index]!);
    lengths.push(tokens);
    longest = Math.max(longest, tokens);
    if (longest > maxTokens) {
      throw new BatchingError(`sentence ${index} has ${longest} tokens, more than --max-tokens ${maxTokens}`);
    }
    const full = batch.length > 0 && (batch.length === maxSentences || (batch.length + 1) * longest > maxTokens);
    if (full) {
      const keep = Math.max(multiple * Math.floor(batch.length / multiple), batch.length % multiple);
      batches.push(batch.slice(0, keep));
      batch = batch.slice(keep);
      lengths = lengths.slice(keep);
      longest = lengths.length > 0 ? Math.max(...lengths) : 0;
    }
    batch.push(index);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * One fairseq batch as the SuperTransformer runs it: pad id 1; decoder input = </s> then the target without its
 * final </s> (fairseq's move_eos_to_beginning); targets right-padded. Sources are padded on the right, where fairseq
 * pads them on the left: padded keys are masked and every sentence's first token sits at position 2 either way
 * (fairseq numbers positions from the first non-pad token), so each real token's output is the same.
 */
export function packFairseqBatch(
  indices: readonly number[],
  sources: readonly Int32Array[],
  targets: readonly Int32Array[],
): PackedBatch {
  const sourceLength = Math.max(...indices.map((i) => sources[i]!.length));
  const targetLength = Math.max(...indices.map((i) => targets[i]!.length));
  const source = new Int32Array(indices.length * sourceLength).fill(FAIRSEQ_PAD);
  const targetIn = new Int32Array(indices.length * targetLength).fill(FAIRSEQ_PAD);
  const targetOut = new Int32Array(indices.length * targetLength).fill(FAIRSEQ_PAD);
  let targetTokens = 0;
  indices.forEach((index, row) => {
    const target = targets[index]!;
    source.set(sources[index]!, row * sourceLength);
    targetOut.set(target, row * targetLength);
    targetIn[row * targetLength] = target[target.length - 1] ?? FAIRSEQ_EOS;
    targetIn.set(target.subarray(0, target.length - 1), row * targetLength + 1);
    targetTokens += target.length;
  });
  return { size: indices.length, sourceLength, targetLength, source, targetIn, targetOut, targetTokens };
}
