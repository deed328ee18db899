/** Per-feature mean and standard deviation, learned from the training split only (never from valid/test rows). */
export interface FeatureStats {
  mean: number[];
  std: number[];
}

/** Location and scale of the (possibly log-transformed) target, learned from the training split. */
export interface TargetStats {
  mean: number;
  std: number;
}

/**
 * Learns z-score statistics. A feature that is constant in the training rows (e.g. encoder_layer_num, always 6 in
 * HAT's spaces) gets std 1 so it maps to 0 instead of dividing by zero.
 */
export function fitFeatureStats(features: readonly (readonly number[])[]): FeatureStats {
  const width = features[0]?.length ?? 0;
  if (features.length === 0) throw new RangeError('cannot learn feature statistics from zero rows');
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const row of features) for (let j = 0; j < width; j++) mean[j]! += row[j] as number;
  for (let j = 0; j < width; j++) mean[j]! /= features.length;
  for (const row of features) for (let j = 0; j < width; j++) std[j]! += ((row[j] as number) - mean[j]!) ** 2;
  for (let j = 0; j < width; j++) {
    const s = Math.sqrt(std[j]! / features.length);
    std[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
  }
  return { mean, std };
}

export function normalizeFeatures(features: readonly (readonly number[])[], stats: FeatureStats): Float32Array {
  const width = stats.mean.length;
  const out = new Float32Array(features.length * width);
  features.forEach((row, i) => {
    if (row.length !== width) throw new RangeError(`expected ${width} features, got ${row.length}`);
    for (let j = 0; j < width; j++) out[i * width + j] = ((row[j] as number) - stats.mean[j]!) / stats.std[j]!;
  });
  return out;
}

export function fitTargetStats(values: readonly number[]): TargetStats {
  if (values.length === 0) throw new RangeError('cannot learn target statistics from zero rows');
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length;
  const std = Math.sqrt(variance);
  return { mean, std: std > 0 ? std : 1 };
}
