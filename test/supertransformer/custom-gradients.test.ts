import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { embedTokens } from '../../src/supertransformer/embedding';
import { lossSums } from '../../src/supertransformer/loss';
import { matMul } from '../../src/tfjs/matmul';

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;

/**
 * The hand-written gradients must equal tf.js autodiff of the plain formulation. Both backends training may use are
 * checked: WASM once silently broke the loss gradient (its OneHot ignores on/off values other than 1/0).
 */
describe.each(['cpu', 'wasm'] as const)('custom gradients on %s', (backend) => {
  beforeAll(async () => {
    await selectNodeBackend(backend);
  });

  it('matMul without transpose flags has the same value and gradients as tf.matMul', () => {
    const a = tf.randomNormal([2, 3, 5, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([2, 3, 4, 6], 0, 1, 'float32', 2);
    const weight = tf.randomNormal([2, 3, 5, 6], 0, 1, 'float32', 3);
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x, y), weight)))([a, b]);
    const reference = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), weight)))([a, b]);
    expect(maxAbsDiff(matMul(a, b), tf.matMul(a, b))).toBeLessThan(1e-5);
    expect(maxAbsDiff(ours[0]!, reference[0]!)).toBeLessThan(1e-4);
    expect(maxAbsDiff(ours[1]!, reference[1]!)).toBeLessThan(1e-4);
  });

  it('label-smoothed loss equals the log-softmax formulation, value and gradient', () => {
    const vocab = 7;
    const logits = tf.randomNormal([5, vocab], 0, 2, 'float32', 4);
    const targets = tf.tensor1d([3, 0, 6, 1, 0], 'int32'); // two pads (id 0)
    const eps = 0.1;
    const reference = (z: tf.Tensor): tf.Scalar => {
      const logp = tf.logSoftmax(z);
      const nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(targets, vocab)), 1));
      const smooth = tf.neg(tf.mean(logp, 1));
      const mask = tf.notEqual(targets, 0).cast('float32');
      return tf.sum(tf.mul(tf.add(tf.mul(nll, 1 - eps), tf.mul(smooth, eps)), mask)) as tf.Scalar;
    };
    const ours = (z: tf.Tensor): tf.Scalar => lossSums(z as tf.Tensor2D, targets, eps).smoothedSum;
    expect(ours(logits).dataSync()[0]).toBeCloseTo(reference(logits).dataSync()[0] as number, 4);
    expect(maxAbsDiff(tf.grad(ours)(logits), tf.grad(reference)(logits))).toBeLessThan(1e-5);
    const nll = lossSums(logits as tf.Tensor2D, targets, eps).nllSum.dataSync()[0] as number;
    const logp = tf.logSoftmax(logits).arraySync() as number[][];
    const expected = [3, 0, 6, 1, 0].reduce((s, t, i) => (t === 0 ? s : s - logp[i]![t]!), 0);
    expect(nll).toBeCloseTo(expected, 4);
  });

  it('token lookup scatter-adds its gradient like a one-hot product', () => {
    const table = tf.randomNormal([6, 4], 0, 1, 'float32', 5);
    const ids = tf.tensor1d([2, 5, 2, 0], 'int32');
    const weight = tf.randomNormal([4, 3], 0, 1, 'float32', 6);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embedTokens(t, ids, 3, true), weight)))(table);
    // A one-hot product: tf.gather's own gradient needs UnsortedSegmentSum, which WASM lacks.
    const lookup = (t: tf.Tensor): tf.Tensor => tf.matMul(tf.oneHot(ids, 6).cast('float32'), t).slice([0, 0], [4, 3]);
    const reference = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lookup(t), weight)))(table);
    expect(maxAbsDiff(ours, reference)).toBeLessThan(1e-6);
    expect(maxAbsDiff(embedTokens(table, ids, 3, true), embedTokens(table, ids, 3, false))).toBe(0);
  });
});
