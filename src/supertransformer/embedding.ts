import * as tf from '@tensorflow/tfjs';

/**
 * Token lookup, table[ids, :dim]. For training it has a hand-written gradient: tf.js's gather gradient needs
 * UnsortedSegmentSum, which the WASM backend lacks, and a one-hot product would cost 2 * tokens * vocab * dim FLOPs.
 * The gradient is a ScatterNd (which sums repeated ids) of tokens * dim values: it stays on the backend, where a
 * JS-side scatter-add cost 10x more (27-55 ms against 3 ms per call for 1024 tokens x 160, mostly allocating and
 * uploading a vocab-sized array).
 */
export function embedTokens(table: tf.Tensor, ids: tf.Tensor1D, dim: number, withGradient: boolean): tf.Tensor2D {
  const count = ids.shape[0];
  if (!withGradient) return tf.gather(table, ids).slice([0, 0], [count, dim]) as tf.Tensor2D;
  const [vocab, width] = table.shape as [number, number];
  // A copy of the ids (a few KB): the forward pass's own tensors are disposed before the gradient runs.
  const idRows = ids.dataSync().slice();
  const lookup = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const t = inputs[0] as tf.Tensor;
    const value = tf.gather(t, ids).slice([0, 0], [count, dim]) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      const grad = tf.scatterND(tf.tensor2d(idRows, [count, 1], 'int32'), dy, [vocab, dim]);
      return dim === width
        ? grad
        : tf.pad(grad, [
            [0, 0],
            [0, width - dim],
          ]);
    };
    return { value, gradFunc };
  });
  return lookup(table) as tf.Tensor2D;
}
