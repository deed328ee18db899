import { describe, expect, it } from 'vitest';
import { fitLinear, predictLinear } from '../../../src/core/latency/linear';
import { mlpForward } from '../../../src/core/latency/mlp';

describe('linear least squares', () => {
  it('recovers an exact linear function, ignoring a constant column', () => {
    const features = Array.from({ length: 30 }, (_, i) => [i, (i * 7) % 11, 6]);
    const y = features.map(([a, b]) => 3 + 2 * a! - 0.5 * b!);
    const model = fitLinear(features, y);
    const predicted = predictLinear(model, [[100, 3, 6]]);
    // Features are z-scored in float32, so agreement is to float32 precision.
    expect(predicted[0]).toBeCloseTo(3 + 200 - 1.5, 3);
  });
});

describe('batch MLP forward pass', () => {
  it('matches a hand-computed two-layer ReLU network for a whole batch', () => {
    const layers = [
      // 2 inputs → 2 hidden: h0 = x0 - x1, h1 = x0 + x1 - 1 (row-major [inputs][outputs]).
      { inputs: 2, outputs: 2, weights: Float32Array.from([1, 1, -1, 1]), bias: Float32Array.from([0, -1]) },
      { inputs: 2, outputs: 1, weights: Float32Array.from([2, 3]), bias: Float32Array.from([0.5]) },
    ];
    const out = mlpForward(layers, Float32Array.from([3, 1, 1, 3, 0, 0]), 3);
    // Row 1: h = (2, 3) → 4 + 9 + 0.5. Row 2: h = (relu(-2), 3) = (0, 3) → 9.5. Row 3: h = (0, relu(-1)) → 0.5.
    expect(Array.from(out)).toEqual([13.5, 9.5, 0.5]);
  });
});
