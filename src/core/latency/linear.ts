import { fitFeatureStats, normalizeFeatures, type FeatureStats } from './normalize';

/** A linear least-squares latency model: ms = bias + Σ w_j · z_j over z-scored features. */
export interface LinearModel {
  featureStats: FeatureStats;
  weights: number[];
  bias: number;
}

/**
 * Solves the symmetric positive-definite system A x = b in place by Cholesky decomposition.
 * A is n×n row-major. Throws if A is not positive definite (callers add a small ridge so it always is).
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('matrix is not positive definite');
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/**
 * Weighted ridge least squares on a design matrix (rows × width, row-major) with an unpenalised intercept.
 * The tiny ridge only keeps constant columns (HAT's encoder_layer_num) from making the system singular.
 */
export function weightedLeastSquares(
  design: ArrayLike<number>,
  rows: number,
  width: number,
  targets: ArrayLike<number>,
  weights?: ArrayLike<number>,
  ridge = 1e-8,
): { coefficients: number[]; intercept: number } {
  const n = width + 1;
  const ata = new Float64Array(n * n);
  const atb = new Float64Array(n);
  const row = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) row[j] = design[r * width + j] as number;
    row[width] = 1;
    const w = weights ? (weights[r] as number) : 1;
    const y = targets[r] as number;
    for (let i = 0; i < n; i++) {
      const wi = w * row[i]!;
      atb[i]! += wi * y;
      for (let j = 0; j <= i; j++) ata[i * n + j]! += wi * row[j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) ata[j * n + i] = ata[i * n + j]!;
  const scale = Math.max(1e-30, ...Array.from({ length: width }, (_, i) => ata[i * n + i]!));
  for (let i = 0; i < width; i++) ata[i * n + i]! += ridge * scale;
  const solution = solveSpd(ata, atb, n);
  return { coefficients: Array.from(solution.subarray(0, width)), intercept: solution[width]! };
}

export function fitLinear(features: readonly (readonly number[])[], latencyMs: readonly number[]): LinearModel {
  const featureStats = fitFeatureStats(features);
  const width = featureStats.mean.length;
  const { coefficients, intercept } = weightedLeastSquares(
    normalizeFeatures(features, featureStats),
    features.length,
    width,
    latencyMs,
  );
  return { featureStats, weights: coefficients, bias: intercept };
}

export function predictLinear(model: LinearModel, features: readonly (readonly number[])[]): Float64Array {
  const z = normalizeFeatures(features, model.featureStats);
  const width = model.weights.length;
  const out = new Float64Array(features.length);
  for (let i = 0; i < features.length; i++) {
    let sum = model.bias;
    for (let j = 0; j < width; j++) sum += model.weights[j]! * z[i * width + j]!;
    out[i] = sum;
  }
  return out;
}
