import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../data/bpe';

export interface LossSums {
  /** Label-smoothed cross-entropy summed over non-pad targets (what training minimises), nats. */
  smoothedSum: tf.Scalar;
  /** Plain negative log-likelihood summed over non-pad targets, nats. */
  nllSum: tf.Scalar;
  /** Number of non-pad target tokens. */
  tokens: tf.Scalar;
}

/**
 * fairseq's label-smoothed cross-entropy, (1 - eps) * nll + eps * mean over the vocabulary of -log p, from logits
 * [N, vocab] through one log-sum-exp. Its gradient is written out, mask * (softmax - (1 - eps) onehot - eps / V):
 * autodiff through logSumExp and a one-hot product took several passes over the [N, vocab] logits more.
 */
export function lossSums(logits: tf.Tensor2D, targets: tf.Tensor1D, labelSmoothing: number, padId = PAD_ID): LossSums {
  const [count, vocab] = logits.shape;
  const mask = tf.notEqual(targets, padId).cast('float32');
  const flatIndex = tf.add(tf.mul(tf.range(0, count, 1, 'int32'), tf.scalar(vocab, 'int32')), targets);
  let nllSum: tf.Scalar | undefined;
  const smoothed = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const z = inputs[0] as tf.Tensor2D;
    const save = inputs[1] as tf.GradSaveFunc;
    const logNormaliser = tf.logSumExp(z, 1);
    const targetLogit = tf.gather(z.reshape([-1]), flatIndex);
    const nll = tf.sub(logNormaliser, targetLogit);
    nllSum = tf.keep(tf.sum(tf.mul(nll, mask)) as tf.Scalar);
    const uniform = tf.sub(logNormaliser, tf.mean(z, 1));
    const perToken = tf.add(tf.mul(nll, 1 - labelSmoothing), tf.mul(uniform, labelSmoothing));
    save([z, logNormaliser, mask, targets]);
    return {
      value: tf.sum(tf.mul(perToken, mask)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        // Only saved tensors outlive the forward pass under tf.variableGrads.
        const [sz, lse, savedMask, savedTargets] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        const softmax = tf.exp(tf.sub(sz, lse.reshape([count, 1])));
        // WASM's OneHot ignores on/off values other than 1/0 (it returns zeros for 0.9), so scale a 0/1 one-hot.
        const target = tf.mul(tf.oneHot(savedTargets, vocab).cast('float32'), 1 - labelSmoothing);
        const grad = tf.sub(tf.sub(softmax, target), labelSmoothing / vocab);
        return tf.mul(grad, tf.mul(savedMask, dy).reshape([count, 1]));
      },
    };
  })(logits) as tf.Scalar;
  // The custom op's forward scope disposes what it does not return, hence the keep; a clone hands the value back to
  // the caller's scope, so tf.tidy around lossSums frees it as usual.
  const kept = nllSum!;
  const nllInScope = kept.clone();
  kept.dispose();
  return { smoothedSum: smoothed, nllSum: nllInScope, tokens: tf.sum(mask) as tf.Scalar };
}

/**
 * Each position's plain negative log-likelihood of its target and fairseq's label-smoothed loss (both 0 at padding),
 * for evaluation only: no gradient, and no customGrad bookkeeping. With m = max z and s = sum exp(z - m), the NLL is
 * log s - (z_target - m), and log s is -log(max softmax): the softmax's largest entry is exp(0) / s, at least
 * 1 / vocab, so it never underflows. tf.js's WASM softmax is one vectorised XNNPACK kernel, about 3x faster on
 * [508, 4000] logits than logSumExp's scalar exp. The smoothed loss is (1 - eps) nll + eps (log-sum-exp - mean z).
 */
export function positionLosses(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  labelSmoothing = 0,
  padId = PAD_ID,
): { nll: tf.Tensor1D; smoothed: tf.Tensor1D } {
  const [count, vocab] = logits.shape;
  const mask = tf.notEqual(targets, padId).cast('float32');
  const flatIndex = tf.add(tf.mul(tf.range(0, count, 1, 'int32'), tf.scalar(vocab, 'int32')), targets);
  const max = tf.max(logits, 1);
  const logSum = tf.neg(tf.log(tf.max(tf.softmax(logits), 1)));
  const nll = tf.mul(tf.add(tf.sub(max, tf.gather(logits.reshape([-1]), flatIndex)), logSum), mask) as tf.Tensor1D;
  if (labelSmoothing === 0) return { nll, smoothed: nll };
  const uniform = tf.sub(tf.add(max, logSum), tf.mean(logits, 1));
  const smoothed = tf.mul(tf.add(tf.mul(nll, 1 - labelSmoothing), tf.mul(uniform, labelSmoothing)), mask);
  return { nll, smoothed: smoothed as tf.Tensor1D };
}
