import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../../core/config';
import type { Adam } from './adam';
import type { PackedBatch } from '../batching';
import { lossSums } from '../loss';
import { hatName } from '../params';
import type { SuperTransformer } from '../super-transformer';

export interface TrainStepOptions {
  learningRate: number;
  labelSmoothing: number;
  dropout: number;
  /** Gradients are scaled down to this global L2 norm when above it; 0 disables clipping. */
  clipNorm: number;
  seed?: number;
  /**
   * Variables (by HAT name) the update leaves unchanged, for example a random encoder while the decoder learns to
   * read it (`FREEZE_ENCODER` in `scripts/train/source-use-experiment.ts`).
   */
  isFrozen?: (name: string) => boolean;
  /** Multiplies the learning rate of a variable (by HAT name); 1 when absent. */
  learningRateScale?: (name: string) => number;
}

export interface TrainStepResult {
  /** Mean label-smoothed loss per target token, nats, averaged over the update's SubTransformers. */
  smoothedLoss: number;
  /** Mean NLL per target token, nats, averaged over the update's SubTransformers. */
  nll: number;
  /** Global L2 norm of the summed gradient, before clipping. */
  gradNorm: number;
}

/**
 * One update of the shared weights through the (width-scaled) SubTransformers `configs`: one for HAT, several for
 * the sandwich rule, whose gradients of their mean token losses are summed (BigNAS) before clipping and Adam.
 */
export function trainStep(
  model: SuperTransformer,
  optimizer: Adam,
  configs: readonly SubTransformerConfig[],
  batch: PackedBatch,
  options: TrainStepOptions,
): TrainStepResult {
  if (configs.length === 0) throw new RangeError('an update needs at least one SubTransformer');
  for (const config of configs) model.check(config);
  const trainable = options.isFrozen
    ? model.variables().filter((variable) => !options.isFrozen!(hatName(variable)))
    : model.variables();
  return tf.tidy(() => {
    const source = tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32');
    const targetIn = tf.tensor2d(batch.targetIn, [batch.size, batch.targetLength], 'int32');
    const targetOut = tf.tensor1d(batch.targetOut, 'int32');
    let grads: tf.NamedTensorMap = {};
    let smoothedTotal = 0;
    let nllTotal = 0;
    for (const config of configs) {
      let nllSum: tf.Scalar | undefined;
      const pass = tf.variableGrads(() => {
        const logits = model.forward(
          config,
          { source, targetIn },
          { dropout: options.dropout, seed: options.seed, training: true },
        );
        const sums = lossSums(logits, targetOut, options.labelSmoothing);
        nllSum = tf.keep(sums.nllSum);
        return tf.div(sums.smoothedSum, batch.targetTokens) as tf.Scalar;
      }, trainable);
      smoothedTotal += pass.value.dataSync()[0] as number;
      nllTotal += (nllSum!.dataSync()[0] as number) / batch.targetTokens;
      nllSum!.dispose();
      grads = sumGradients(grads, pass.grads);
    }
    const gradNorm = Math.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0] as number);
    const scale = options.clipNorm > 0 && gradNorm > options.clipNorm ? options.clipNorm / gradNorm : 1;
    const applied =
      scale === 1 ? grads : Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
    const rateScale = options.learningRateScale
      ? new Map(trainable.map((variable) => [variable.name, options.learningRateScale!(hatName(variable))]))
      : undefined;
    optimizer.apply(applied, options.learningRate, rateScale);
    return { smoothedLoss: smoothedTotal / configs.length, nll: nllTotal / configs.length, gradNorm };
  });
}

/** Adds `next` into `total` by variable name, disposing what it replaces; a variable a pass skipped keeps its sum. */
export function sumGradients(total: tf.NamedTensorMap, next: tf.NamedTensorMap): tf.NamedTensorMap {
  const sum: tf.NamedTensorMap = { ...total };
  for (const [name, grad] of Object.entries(next)) {
    const previous = sum[name];
    if (!previous) {
      sum[name] = grad;
      continue;
    }
    sum[name] = tf.add(previous, grad);
    previous.dispose();
    grad.dispose();
  }
  return sum;
}
