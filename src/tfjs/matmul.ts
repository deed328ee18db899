import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes. */
export function transposeLast(x: tf.Tensor): tf.Tensor {
  const axes = x.shape.map((_, i) => i);
  const n = axes.length;
  [axes[n - 2], axes[n - 1]] = [axes[n - 1]!, axes[n - 2]!];
  return tf.transpose(x, axes);
}

/**
 * a @ b whose gradients never ask for a transposed operand: tf.js's WASM matmul runs about 10x slower with
 * transposeA/transposeB (1.4 against 15-22 GFLOP/s measured on [2048, 160] x [160, 768]), and its built-in gradient
 * uses both. Explicit transposes cost a copy each, far less.
 */
const matMulWithGradient = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const a = inputs[0] as tf.Tensor;
  const b = inputs[1] as tf.Tensor;
  const save = inputs[2] as tf.GradSaveFunc;
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, transposeLast(sb)), tf.matMul(transposeLast(sa), dy)];
    },
  };
}) as <T extends tf.Tensor>(a: T, b: tf.Tensor) => T;

/** Whether tf.grad/variableGrads is recording a tape (tf.js's engine state: gradientDepth > 0). */
export const recordingGradients = (): boolean =>
  (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;

/**
 * Outside gradient recording (validation, decoding, latency runs) the plain product is used: the custom-gradient
 * wrapper's bookkeeping cost about as much as the products themselves in a real-size decoder step.
 */
export function matMul<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return (recordingGradients() ? matMulWithGradient(a, b) : tf.matMul(a, b)) as T;
}
