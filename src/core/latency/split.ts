import { createRng } from '../rng';
import { featureDistances, fitDistanceStats } from './distance';

/** The split (and weight) seed the app, the CLI and the shipped predictors train with, so their predictors compare. */
export const DEFAULT_SPLIT_SEED = 1;

export interface SplitIndices {
  train: number[];
  valid: number[];
  test: number[];
}

/**
 * HAT's 80/10/10 split of shuffled rows (spec section 7), seeded so that every predictor trained with the same
 * seed on the same dataset sees the same test rows (this is what makes two recipes comparable).
 * Fisher-Yates over indices with the project's engine-independent RNG.
 */
export function splitIndices(rowCount: number, seed: number, fractions: [number, number] = [0.8, 0.1]): SplitIndices {
  const order = Array.from({ length: rowCount }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = rowCount - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const trainEnd = Math.round(rowCount * fractions[0]);
  const validEnd = trainEnd + Math.round(rowCount * fractions[1]);
  return { train: order.slice(0, trainEnd), valid: order.slice(trainEnd, validEnd), test: order.slice(validEnd) };
}

export const pick = <T>(items: readonly T[], indices: readonly number[]): T[] => indices.map((i) => items[i] as T);

/**
 * An extrapolation split, for evaluation: the `testShare` of rows farthest from the centre of the features
 * (Mahalanobis distance, as the interval measures it) are the test rows, and the rest split at random into
 * validation (`validShare` of all rows) and training. It asks what a held-out random split cannot: how a predictor
 * does on configs unlike the ones it was fitted on, as HAT's searched models are.
 */
export function outerSplitIndices(
  features: readonly (readonly number[])[],
  seed: number,
  testShare = 0.1,
  validShare = 0.1,
): SplitIndices {
  const distances = featureDistances(fitDistanceStats(features), features);
  const order = Array.from(features.keys()).sort((a, b) => distances[a]! - distances[b]! || a - b);
  const testCount = Math.round(features.length * testShare);
  const rest = order.slice(0, order.length - testCount);
  const shuffled = splitIndices(rest.length, seed, [1, 0]).train.map((i) => rest[i]!);
  const validCount = Math.round(features.length * validShare);
  return { train: shuffled.slice(validCount), valid: shuffled.slice(0, validCount), test: order.slice(-testCount) };
}
