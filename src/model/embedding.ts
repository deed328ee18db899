import * as tf from '@tensorflow/tfjs';

/**
 * Token lookup, table[ids, :dim]. For training it has a hand-written gradient: tf.js's gather gradient needs
 * UnsortedSegmentSum, which the WASM backend lacks, and a one-hot product would cost 2 * tokens * vocab * dim FLOPs;
 * the scatter-add below costs tokens * dim additions. It reads the ids back synchronously, so inference (which may
 * run on a GPU) takes the plain gather.
 */
export function embedTokens(table: tf.Tensor, ids: tf.Tensor1D, dim: number, withGradient: boolean): tf.Tensor2D {
  const count = ids.shape[0];
  if (!withGradient) return tf.gather(table, ids).slice([0, 0], [count, dim]) as tf.Tensor2D;
  const [vocab, width] = table.shape as [number, number];
  const rows = ids.dataSync().slice();
  const lookup = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const t = inputs[0] as tf.Tensor;
    const value = tf.gather(t, ids).slice([0, 0], [count, dim]) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      const upstream = dy.dataSync();
      const grad = new Float32Array(vocab * width);
      for (let n = 0; n < count; n++) {
        const base = (rows[n] as number) * width;
        const from = n * dim;
        for (let j = 0; j < dim; j++) grad[base + j] = (grad[base + j] as number) + (upstream[from + j] as number);
      }
      return tf.tensor2d(grad, [vocab, width]);
    };
    return { value, gradFunc };
  });
  return lookup(table) as tf.Tensor2D;
}
