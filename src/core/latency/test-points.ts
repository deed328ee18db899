import { totalLatencyMs, type LatencyRow } from '../dataset';
import { predictLatencyBounds, predictLatencyMs, type LatencyPredictor } from './predictor';
import { pick, splitIndices } from './split';

/**
 * The predictor's test split, re-derived from the rows and the seed it records (same split function), with its
 * predictions and 90 % bounds (when calibrated): what the predicted-vs-measured scatter shows. Only meaningful for
 * the dataset the predictor names.
 */
export function testSplitPoints(
  predictor: LatencyPredictor,
  rows: readonly LatencyRow[],
): { measuredMs: number[]; predictedMs: number[]; lowMs?: number[]; highMs?: number[] } {
  const test = pick(rows, splitIndices(rows.length, predictor.provenance.splitSeed).test);
  const features = test.map((r) => r.features);
  const bounds = predictLatencyBounds(predictor, features);
  return {
    measuredMs: test.map(totalLatencyMs),
    predictedMs: Array.from(predictLatencyMs(predictor, features)),
    ...(bounds ? { lowMs: Array.from(bounds.lowMs), highMs: Array.from(bounds.highMs) } : {}),
  };
}
