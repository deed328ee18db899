import { totalLatencyMs, type LatencyRow } from '../dataset';
import { predictLatencyMs, type LatencyPredictor } from './predictor';
import { pick, splitIndices } from './split';

/**
 * The predictor's test split, re-derived from the rows and the seed it records (same split function), with its
 * predictions: what the predicted-vs-measured scatter shows. Only meaningful for the dataset the predictor names.
 */
export function testSplitPoints(
  predictor: LatencyPredictor,
  rows: readonly LatencyRow[],
): { measuredMs: number[]; predictedMs: number[] } {
  const test = pick(rows, splitIndices(rows.length, predictor.provenance.splitSeed).test);
  return {
    measuredMs: test.map(totalLatencyMs),
    predictedMs: Array.from(
      predictLatencyMs(
        predictor,
        test.map((r) => r.features),
      ),
    ),
  };
}
