import type { DenseLayer } from '../../../src/core/latency/mlp';
import { createRng } from '../../../src/core/rng';

/** Random dense layers (no tf.js), to test the JSON format and forward pass. */
export function initLayersForTest(sizes: number[], seed = 1): DenseLayer[] {
  const rng = createRng(seed);
  return sizes.slice(1).map((outputs, l) => ({
    inputs: sizes[l]!,
    outputs,
    weights: Float32Array.from({ length: sizes[l]! * outputs }, () => rng.nextFloat() - 0.5),
    bias: Float32Array.from({ length: outputs }, () => rng.nextFloat() - 0.5),
  }));
}
