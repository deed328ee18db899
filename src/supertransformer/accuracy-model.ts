import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { largestConfig, validateConfig } from '../core/config';
import { formatProblems } from '../core/result';
import { builtinSpace } from '../core/space';
import { EOS_ID, type BpeTokenizer } from '../data/bpe';
import type { Pair } from '../data/pairs';
import { planBatches, splitIntoShares, type BatchPlanCost, type IdPair, type PackedBatch } from './batching';
import { decodeWeights } from './weight-file';
import { scaleConfig } from './dims';
import { batchFlops, validationFlops, type BatchShape } from './validation-flops';
import { beamSearch, greedyDecode } from './decoding';
import type { SuperTransformerMeta } from './model-meta';
import type { SuperTransformer } from './super-transformer';
import { PreparedSet, validationLoss, type ValidationResult } from './validate';
import type { ValidationShare } from '../protocol/validation';
import { modelFromArrays } from './weights';

/** Padded tokens per validation batch and side at most (the [tokens, vocab] logits dominate its memory). */
export const VALIDATION_MAX_TOKENS = 512;
/**
 * The fixed cost of one validation batch, in FLOPs of the reference config: every batch dispatches the same few
 * hundred tf.js ops whatever its size (about 5 ms on WASM at 20 GFLOP/s). With slices memoised per config, splitting
 * the 64-pair search subset into 9 batches instead of 2 cut its padding from 49 % to 13 % of target positions.
 */
export const VALIDATION_BATCH_OVERHEAD_FLOPS = 1e8;

/**
 * The validation set's batches, grouped (planBatches) to spend the least compute of the model's largest
 * SubTransformer on padding and per-batch overhead. The grouping only moves pairs between batches: the loss is the
 * same mean over the same tokens.
 */
export function validationBatches(meta: SuperTransformerMeta, pairs: readonly IdPair[]): PackedBatch[] {
  return planBatches(pairs, VALIDATION_MAX_TOKENS, validationBatchCost(meta));
}

/** The cost planBatches minimises: the FLOPs of the model's largest SubTransformer (its first space's). */
function validationBatchCost(meta: SuperTransformerMeta): BatchPlanCost {
  const reference = scaleConfig(largestConfig(builtinSpace(meta.spaces[0]!)!), meta.widthScale);
  return {
    batch: (shape) => batchFlops(reference, shape, meta.dims.qkvDim, meta.dims.vocabSize),
    perBatch: VALIDATION_BATCH_OVERHEAD_FLOPS,
  };
}
export const MAX_TRANSLATION_TOKENS = 64;

/** Reads a SuperTransformer weight file (header JSON and blob), checking it is one. */
export function loadSuperTransformer(
  header: unknown,
  blob: Uint8Array,
): { meta: SuperTransformerMeta; model: SuperTransformer } {
  const { meta, arrays } = decodeWeights<SuperTransformerMeta>(header, blob);
  if (meta?.kind !== 'hat-explorer-supertransformer') {
    throw new Error(`not a SuperTransformer weight file (kind is ${String(meta?.kind)})`);
  }
  return { meta, model: modelFromArrays(meta.dims, arrays) };
}

/**
 * The accuracy proxy the search uses: a trained SuperTransformer, its tokenizer and a fixed validation set. Configs
 * come in HAT's real units and are width-scaled here; a config outside the model's spaces is refused by name.
 */
export class AccuracyModel {
  private readonly validSet: PreparedSet;
  /** The padded shape of every validation batch, in the order they run. */
  readonly batchShapes: readonly BatchShape[];
  private readonly batchCosts: readonly number[];

  constructor(
    readonly meta: SuperTransformerMeta,
    readonly model: SuperTransformer,
    readonly tokenizer: BpeTokenizer,
    validPairs: readonly Pair[],
  ) {
    const ids = validPairs.map(({ de, en }) => ({ source: tokenizer.encode(de), target: tokenizer.encode(en) }));
    const batches = validationBatches(meta, ids);
    this.validSet = new PreparedSet(batches);
    this.batchShapes = batches.map(({ size, sourceLength, targetLength }) => ({ size, sourceLength, targetLength }));
    const cost = validationBatchCost(meta);
    this.batchCosts = this.batchShapes.map((shape) => cost.perBatch + cost.batch(shape));
  }

  get validTokens(): number {
    return this.validSet.tokens;
  }

  /** Forward FLOPs of one validation of `config` over the padded batches (benches compare rates with it). */
  validationFlops(config: SubTransformerConfig): number {
    return validationFlops(this.realise(config), this.batchShapes, this.meta.dims.qkvDim, this.meta.dims.vocabSize);
  }

  /** Target positions of the padded batches, real tokens and padding together. */
  get paddedTargetPositions(): number {
    return this.batchShapes.reduce((sum, b) => sum + b.size * b.targetLength, 0);
  }

  /** The realised (width-scaled) config, after checking `config` belongs to one of the model's spaces. */
  realise(config: SubTransformerConfig): SubTransformerConfig {
    const problems = this.meta.spaces.map((name) => validateConfig(config, builtinSpace(name)!));
    if (problems.every((p) => p.length > 0)) {
      throw new RangeError(
        `this config is outside the SuperTransformer's spaces (${this.meta.spaces.join(', ')}): ${formatProblems(problems[0]!)}`,
      );
    }
    return scaleConfig(config, this.meta.widthScale);
  }

  /** The validation loss of `config`, over the whole set or over one share of its batches (splitIntoShares). */
  async validate(config: SubTransformerConfig, share?: ValidationShare): Promise<ValidationResult> {
    const realised = this.realise(config);
    if (!share) return validationLoss(this.model, realised, this.validSet);
    if (!Number.isInteger(share.index) || share.index < 0 || share.index >= share.count) {
      throw new RangeError(`share ${share.index} of ${share.count} does not exist`);
    }
    const batches = splitIntoShares(this.batchCosts, share.count)[share.index]!;
    if (batches.length === 0) return { validLoss: 0, perplexity: 1, tokens: 0, nllSum: 0 };
    return validationLoss(this.model, realised, this.validSet, batches);
  }

  /** German → English with the SubTransformer; beam 1 is greedy. */
  async translate(config: SubTransformerConfig, german: string, beam = 5): Promise<string> {
    const realised = this.realise(config);
    const ids = this.tokenizer.encode(german).slice(0, MAX_TRANSLATION_TOKENS - 1);
    const source = tf.tensor2d([[...ids, EOS_ID]], [1, ids.length + 1], 'int32');
    try {
      const tokens =
        beam <= 1
          ? ((await greedyDecode(this.model, realised, source, MAX_TRANSLATION_TOKENS))[0] ?? [])
          : (await beamSearch(this.model, realised, source, { beam, maxSteps: MAX_TRANSLATION_TOKENS })).tokens;
      return this.tokenizer.decode(tokens);
    } finally {
      source.dispose();
    }
  }

  dispose(): void {
    this.validSet.dispose();
    this.model.dispose();
  }
}
