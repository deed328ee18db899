import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import type { PackedBatch } from './batching';
import { positionLosses } from './loss';
import type { SuperTransformer } from './super-transformer';
import { withWeightSlices } from '../tfjs/weight-slices';

export interface ValidationResult {
  /** Mean token-level negative log-likelihood over non-pad target tokens, nats. */
  validLoss: number;
  perplexity: number;
  /** Target tokens scored (with </s>). */
  tokens: number;
  /** Summed negative log-likelihood of those tokens, nats: parts of one set (over several workers) add up. */
  nllSum: number;
}

/** A validation set uploaded once as tensors, so repeated validations only pay for the forward passes. */
export class PreparedSet {
  readonly batches: Array<{ source: tf.Tensor2D; targetIn: tf.Tensor2D; targetOut: tf.Tensor1D; tokens: number }>;
  readonly tokens: number;

  constructor(packed: readonly PackedBatch[]) {
    this.batches = packed.map((b) => ({
      source: tf.tensor2d(b.source, [b.size, b.sourceLength], 'int32'),
      targetIn: tf.tensor2d(b.targetIn, [b.size, b.targetLength], 'int32'),
      targetOut: tf.tensor1d(b.targetOut, 'int32'),
      tokens: b.targetTokens,
    }));
    this.tokens = packed.reduce((sum, b) => sum + b.targetTokens, 0);
  }

  dispose(): void {
    for (const b of this.batches) {
      b.source.dispose();
      b.targetIn.dispose();
      b.targetOut.dispose();
    }
  }
}

/** Rows of logits made at once in validation. */
export const LOGIT_ROWS = 1024;

/** Loss sums over a whole set, nats: plain NLL and the label-smoothed criterion (fairseq's `loss`). */
export interface LossTotals {
  nllSum: number;
  smoothedSum: number;
  tokens: number;
}

/**
 * Both loss sums of one (width-scaled) SubTransformer with inherited weights, no fine-tuning (HAT), over the set's
 * batches (or the batches at `batchIndices`, one worker's share of the set). All batches are queued before one
 * read-back, so a GPU backend is not stalled once per batch; weight slices are taken once for all of them.
 */
export async function validationTotals(
  model: SuperTransformer,
  config: SubTransformerConfig,
  set: PreparedSet,
  labelSmoothing = 0,
  batchIndices?: readonly number[],
): Promise<LossTotals> {
  model.check(config);
  const batches = batchIndices ? batchIndices.map((i) => set.batches[i]!) : set.batches;
  if (batches.length === 0) throw new RangeError('no batches to validate');
  const tokens = batches.reduce((sum, b) => sum + b.tokens, 0);
  return withWeightSlices(async () => {
    // One tidy per batch frees its activations before the next is queued; the [rows, vocab] logits, the largest
    // tensors by far, are made LOGIT_ROWS rows at a time (a fairseq batch of 4096 tokens over a 32k vocabulary would
    // need 0.5 GB per copy, past what tf.js's WASM heap handles). Each position's losses come back, [2, rows].
    const perBatch = batches.map((b) =>
      tf.tidy(() => {
        const dim = config.decoder.embedDim;
        const hidden = model.decode(config, model.encode(config, b.source), b.targetIn);
        const rows = hidden.shape[0];
        const chunks: tf.Tensor2D[] = [];
        for (let start = 0; start < rows; start += LOGIT_ROWS) {
          const size = Math.min(LOGIT_ROWS, rows - start);
          chunks.push(
            tf.tidy(() => {
              const logits = model.logits(hidden.slice([start, 0], [size, dim]), dim);
              const { nll, smoothed } = positionLosses(
                logits,
                b.targetOut.slice(start, size),
                labelSmoothing,
                model.semantics.padId,
              );
              return tf.stack([nll, smoothed]) as tf.Tensor2D;
            }),
          );
        }
        return chunks.length === 1 ? chunks[0]! : tf.concat(chunks, 1);
      }),
    );
    const all = tf.concat(perBatch, 1);
    tf.dispose(perBatch);
    try {
      // Summed in float64 here: a float32 sum of the whole set moved the mean by up to 6e-7 with the grouping alone.
      const values = (await all.data()) as Float32Array;
      const positions = values.length / 2;
      let nllSum = 0;
      let smoothedSum = 0;
      for (let i = 0; i < positions; i++) {
        nllSum += values[i]!;
        smoothedSum += values[positions + i]!;
      }
      return { nllSum, smoothedSum, tokens };
    } finally {
      all.dispose();
    }
  });
}

/** Validation loss (mean token NLL) of one (width-scaled) SubTransformer with inherited weights (HAT). */
export async function validationLoss(
  model: SuperTransformer,
  config: SubTransformerConfig,
  set: PreparedSet,
  batchIndices?: readonly number[],
): Promise<ValidationResult> {
  const { nllSum, tokens } = await validationTotals(model, config, set, 0, batchIndices);
  const validLoss = nllSum / tokens;
  return { validLoss, perplexity: Math.exp(validLoss), tokens, nllSum };
}
