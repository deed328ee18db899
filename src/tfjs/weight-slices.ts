import * as tf from '@tensorflow/tfjs';
import { recordingGradients } from './matmul';

let memo: Map<string, tf.Tensor> | null = null;

/**
 * Runs `work` with weight slices memoised: a SubTransformer's forward pass slices every weight it reads, and over a
 * validation set of several batches the same slices were copied once per batch. Worse, tf.js's WASM matmul keeps
 * its XNNPACK operator (with the weights packed for it) per weight tensor, so a fresh slice also re-packed the weights
 * every batch; a memoised slice is packed once per config. Weights must not change inside `work` (no training step);
 * slices taken while gradients are recorded are never memoised. Memoised tensors are disposed when `work` settles.
 */
export async function withWeightSlices<T>(work: () => Promise<T>): Promise<T> {
  if (memo) return work();
  memo = new Map();
  const own = memo;
  try {
    return await work();
  } finally {
    memo = null;
    tf.dispose([...own.values()]);
  }
}

/** `make()` once per `key` within withWeightSlices (kept from tf.tidy), or a fresh tensor outside it. */
export function memoisedWeight<T extends tf.Tensor>(key: string, make: () => T): T {
  if (!memo || recordingGradients()) return make();
  let tensor = memo.get(key) as T | undefined;
  if (!tensor) {
    tensor = tf.keep(tf.tidy(make));
    memo.set(key, tensor);
  }
  return tensor;
}

/** weight.slice(begin, size), memoised by weight and extent within withWeightSlices. */
export function weightSlice<T extends tf.Tensor>(weight: T, begin: number[], size: number[]): T {
  return memoisedWeight(`${weight.id}:${begin.join(',')}:${size.join(',')}`, () => weight.slice(begin, size) as T);
}
