import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import type { Adam } from './adam';
import type { PackedBatch } from './batching';
import { lossSums } from './loss';
import type { SuperTransformer } from './super-transformer';

export interface TrainStepOptions {
  learningRate: number;
  labelSmoothing: number;
  dropout: number;
  /** Gradients are scaled down to this global L2 norm when above it; 0 disables clipping. */
  clipNorm: number;
  seed?: number;
}

export interface TrainStepResult {
  /** Mean label-smoothed loss per target token, nats. */
  smoothedLoss: number;
  /** Mean NLL per target token, nats. */
  nll: number;
  gradNorm: number;
}

/** One update of the shared weights through one (width-scaled) SubTransformer, as HAT trains. */
export function trainStep(
  model: SuperTransformer,
  optimizer: Adam,
  config: SubTransformerConfig,
  batch: PackedBatch,
  options: TrainStepOptions,
): TrainStepResult {
  model.check(config);
  return tf.tidy(() => {
    const source = tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32');
    const targetIn = tf.tensor2d(batch.targetIn, [batch.size, batch.targetLength], 'int32');
    const targetOut = tf.tensor1d(batch.targetOut, 'int32');
    let nllSum: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.forward(
        config,
        { source, targetIn },
        {
          dropout: options.dropout,
          seed: options.seed,
          training: true,
        },
      );
      const sums = lossSums(logits, targetOut, options.labelSmoothing);
      nllSum = tf.keep(sums.nllSum);
      return tf.div(sums.smoothedSum, batch.targetTokens) as tf.Scalar;
    }, model.variables());
    const gradNorm = Math.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0] as number);
    const scale = options.clipNorm > 0 && gradNorm > options.clipNorm ? options.clipNorm / gradNorm : 1;
    const applied =
      scale === 1 ? grads : Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
    optimizer.apply(applied, options.learningRate);
    const nll = (nllSum!.dataSync()[0] as number) / batch.targetTokens;
    nllSum!.dispose();
    return { smoothedLoss: value.dataSync()[0] as number, nll, gradNorm };
  });
}
