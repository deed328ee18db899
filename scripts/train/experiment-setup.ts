import { builtinSpace } from '../../src/core/space';
import { withOtherSources } from '../../src/data/mismatch';
import { Adam } from '../../src/supertransformer/training/adam';
import { packBatches, type IdPair, type PackedBatch } from '../../src/supertransformer/batching';
import { scaleConfig, superDimsFor } from '../../src/supertransformer/dims';
import { largestConfig } from '../../src/supertransformer/reference-configs';
import { SuperTransformer } from '../../src/supertransformer/super-transformer';
import { PreparedSet } from '../../src/supertransformer/validate';

/** `pairs` in batches of up to `maxTokens` padded tokens, in a fixed shuffled order (the same in every run). */
export function shuffledBatches(pairs: readonly IdPair[], maxTokens: number, maxLength: number): PackedBatch[] {
  const batches = packBatches(pairs, maxTokens, maxLength);
  for (let i = batches.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [batches[i], batches[j]] = [batches[j]!, batches[i]!];
  }
  return batches;
}

/** `pairs` with their own sources and with other pairs' sources: the loss gap says whether the source is read. */
export function sourceGapSets(pairs: readonly IdPair[]): { matched: PreparedSet; mismatched: PreparedSet } {
  return {
    matched: new PreparedSet(packBatches(pairs, 1024)),
    mismatched: new PreparedSet(packBatches(withOtherSources(pairs, 'source'), 1024)),
  };
}

/**
 * A freshly initialised SuperTransformer of the default spaces at `scale`, its Adam optimiser, the space the
 * experiments sample from, and that space's largest SubTransformer at `scale`.
 */
export function freshExperimentModel(scale: number, vocabSize: number) {
  const dims = superDimsFor(
    ['hat-wmt', 'hat-wmt-latency', 'hat-iwslt'].map((n) => builtinSpace(n)!),
    scale,
    vocabSize,
  );
  const model = new SuperTransformer(dims, 1);
  const optimizer = new Adam(model.variables(), 0.9, 0.98);
  const space = builtinSpace('hat-wmt-latency')!;
  return { model, optimizer, space, largest: scaleConfig(largestConfig(space), scale) };
}
