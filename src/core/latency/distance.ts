import { solveSpd } from './linear';
import { fitFeatureStats, type FeatureStats } from './normalize';

/**
 * How far a config's features are from the rows a model was fitted on: the Mahalanobis distance of its z-scored
 * features under their covariance in those rows. HAT's searched models lie at distances no training row reaches
 * (4.7-6.7 on its WMT files, where the rows' median is about 3), which is where predictions are least certain.
 */
export interface DistanceStats extends FeatureStats {
  /** Inverse covariance of the z-scored features, row-major (width × width), with a small ridge. */
  precision: number[];
  /** The median distance of the fitting rows themselves: distances are read relative to it. */
  reference: number;
}

/** Ridge on the z-scores' covariance: keeps constant features (L_enc) and collinear ones invertible. */
const RIDGE = 1e-6;

export function fitDistanceStats(features: readonly (readonly number[])[]): DistanceStats {
  const stats = fitFeatureStats(features);
  const width = stats.mean.length;
  const z = features.map((f) => f.map((v, j) => (v - stats.mean[j]!) / stats.std[j]!));
  const covariance = new Float64Array(width * width);
  for (const row of z)
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) covariance[i * width + j]! += row[i]! * row[j]!;
  for (let i = 0; i < width * width; i++) covariance[i]! /= features.length;
  for (let i = 0; i < width; i++) covariance[i * width + i]! += RIDGE;
  const precision: number[] = new Array(width * width);
  for (let j = 0; j < width; j++) {
    const unit = new Float64Array(width);
    unit[j] = 1;
    solveSpd(covariance, unit, width).forEach((v, i) => (precision[i * width + j] = v));
  }
  const partial = { ...stats, precision, reference: 1 };
  const distances = Array.from(featureDistances(partial, features)).sort((a, b) => a - b);
  return { ...partial, reference: distances[distances.length >> 1]! || 1 };
}

export function featureDistances(stats: DistanceStats, features: readonly (readonly number[])[]): Float64Array {
  const width = stats.mean.length;
  return Float64Array.from(features, (f) => {
    const z = f.map((v, j) => (v - stats.mean[j]!) / stats.std[j]!);
    let sum = 0;
    for (let i = 0; i < width; i++)
      for (let j = 0; j < width; j++) sum += z[i]! * stats.precision[i * width + j]! * z[j]!;
    return Math.sqrt(Math.max(sum, 0));
  });
}
