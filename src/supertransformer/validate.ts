import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import type { PackedBatch } from './batching';
import { lossSums } from './loss';
import type { SuperTransformer } from './super-transformer';

export interface ValidationResult {
  /** Mean token-level negative log-likelihood over non-pad target tokens, nats. */
  validLoss: number;
  perplexity: number;
  /** Target tokens scored (with </s>). */
  tokens: number;
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
 * Both loss sums of one (width-scaled) SubTransformer with inherited weights, no fine-tuning (HAT). All batches are
 * queued before one read-back, so a GPU backend is not stalled once per batch.
 */
export async function validationTotals(
  model: SuperTransformer,
  config: SubTransformerConfig,
  set: PreparedSet,
  labelSmoothing = 0,
): Promise<LossTotals> {
  model.check(config);
  // One tidy per batch frees its activations before the next is queued; the [rows, vocab] logits, the largest
  // tensors by far, are made LOGIT_ROWS rows at a time (a fairseq batch of 4096 tokens over a 32k vocabulary would
  // need 0.5 GB per copy, past what tf.js's WASM heap handles).
  const perBatch = set.batches.map((b) =>
    tf.tidy(() => {
      const dim = config.decoder.embedDim;
      const hidden = model.decode(config, model.encode(config, b.source), b.targetIn);
      const rows = hidden.shape[0];
      const chunks: tf.Tensor1D[] = [];
      for (let start = 0; start < rows; start += LOGIT_ROWS) {
        const size = Math.min(LOGIT_ROWS, rows - start);
        chunks.push(
          tf.tidy(() => {
            const logits = model.logits(hidden.slice([start, 0], [size, dim]), dim);
            const sums = lossSums(logits, b.targetOut.slice(start, size), labelSmoothing, model.semantics.padId);
            return tf.stack([sums.nllSum, sums.smoothedSum]) as tf.Tensor1D;
          }),
        );
      }
      return chunks.length === 1 ? chunks[0]! : tf.addN(chunks);
    }),
  );
  const total = tf.addN(perBatch);
  tf.dispose(perBatch);
  const [nllSum, smoothedSum] = Array.from(await total.data());
  total.dispose();
  return { nllSum: nllSum!, smoothedSum: smoothedSum!, tokens: set.tokens };
}

/** Validation loss (mean token NLL) of one (width-scaled) SubTransformer with inherited weights (HAT). */
export async function validationLoss(
  model: SuperTransformer,
  config: SubTransformerConfig,
  set: PreparedSet,
): Promise<ValidationResult> {
  const { nllSum, tokens } = await validationTotals(model, config, set);
  const validLoss = nllSum / tokens;
  return { validLoss, perplexity: Math.exp(validLoss), tokens };
}
