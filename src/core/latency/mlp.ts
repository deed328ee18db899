/** One fully connected layer. `weights` is row-major [inputs][outputs], as tf.js stores a dense kernel. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Pure-JS forward pass of a ReLU MLP over a whole batch in one call (the search scores a population at once).
 * Float32 storage with Float64 accumulation; deterministic in every engine. `input` is rows × layers[0].inputs,
 * row-major; returns rows × last.outputs. ReLU after every layer but the last.
 */
export function mlpForward(layers: readonly DenseLayer[], input: Float32Array, rows: number): Float64Array {
  if (layers.length === 0) throw new RangeError('an MLP needs at least one layer');
  // One array type throughout keeps the inner loop monomorphic (mixing Float32Array and Float64Array reads
  // made V8 deoptimise it: 10x slower).
  let current = Float64Array.from(input);
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    const { inputs, outputs, weights, bias } = layer;
    if (current.length !== rows * inputs) {
      throw new RangeError(`layer ${l} expects ${inputs} inputs per row, got ${current.length / rows}`);
    }
    const next = new Float64Array(rows * outputs);
    const last = l === layers.length - 1;
    for (let r = 0; r < rows; r++) {
      const base = r * outputs;
      for (let o = 0; o < outputs; o++) next[base + o] = bias[o]!;
      // i-outer, o-inner walks the kernel row by row: contiguous memory, which is what makes this fast.
      for (let i = 0; i < inputs; i++) {
        const x = current[r * inputs + i]!;
        if (x === 0) continue; // ReLU zeros are common: skip their whole kernel row
        const rowOffset = i * outputs;
        for (let o = 0; o < outputs; o++) next[base + o]! += x * weights[rowOffset + o]!;
      }
      if (!last) for (let o = 0; o < outputs; o++) if (next[base + o]! < 0) next[base + o] = 0;
    }
    current = next;
  }
  return current;
}
