import { totalLatencyMs, type LatencyRow } from '../dataset';
import { FEATURE_NAMES } from '../features';
import { fitCostModel, type CostModel } from './cost-model';
import { calibrateInterval } from './interval';
import { fitLinear, predictLinear } from './linear';
import { computeMetrics } from './metrics';
import { detectOutliers } from './outliers';
import {
  IDENTITY_CORRECTION,
  predictLatencyBounds,
  predictLatencyMs,
  type IntervalMetrics,
  type LatencyBounds,
  type LatencyPredictor,
} from './predictor';
import { datasetProvenance } from './provenance';
import { pick, splitIndices, type SplitIndices } from './split';

export const COST_RECIPE =
  'cost model: encoder and decoder latency each linear in per-layer sums of HAT’s features (layer count × width ' +
  'products); weighted least squares on relative error, Huber-reweighted (IRLS, k = 1.345 robust σ) so drifted rows ' +
  'weigh less; 80/10/10 split, the 10 % validation rows calibrate the 90 % interval';

export interface TrainCostInput {
  rows: readonly LatencyRow[];
  seed: number;
  datasetName: string;
  device: string;
  datasetSha256: string;
  /** Overrides the seeded 80/10/10 split (the benchmark's extrapolation split). */
  split?: SplitIndices;
}

export interface TrainedCostPredictor {
  predictor: LatencyPredictor;
  /** The test split's measurements, predictions and (when calibrated) 90 % bounds, for the scatter plot. */
  test: { measuredMs: number[]; predictedMs: number[]; lowMs?: number[]; highMs?: number[] };
  /** Why there is no interval, when there is none. */
  intervalNote?: string;
}

const featuresOf = (rows: readonly LatencyRow[]): number[][] => rows.map((r) => r.features as number[]);

export const fitCostModelOn = (rows: readonly LatencyRow[], options?: { robust?: boolean }): CostModel =>
  fitCostModel(
    {
      features: featuresOf(rows),
      encoderMs: rows.map((r) => r.latencyMeanEncoderMs),
      decoderMs: rows.map((r) => r.latencyMeanDecoderMs),
    },
    options,
  );

/** How a 90 % interval did on measured rows. */
export function intervalMetrics(bounds: LatencyBounds, measuredMs: readonly number[]): IntervalMetrics {
  const n = measuredMs.length;
  let inside = 0;
  let below = 0;
  const widths: number[] = [];
  measuredMs.forEach((ms, i) => {
    if (ms >= bounds.lowMs[i]! && ms <= bounds.highMs[i]!) inside++;
    if (ms <= bounds.highMs[i]!) below++;
    widths.push((bounds.highMs[i]! - bounds.lowMs[i]!) / bounds.latencyMs[i]!);
  });
  widths.sort((a, b) => a - b);
  return { rows: n, coverage90: inside / n, belowUpper95: below / n, medianRelativeWidth: widths[n >> 1] ?? 0 };
}

/**
 * Trains the explorer's predictor (pure, milliseconds): the cost model on the seeded training split, its interval
 * calibrated on the validation split, metrics on the test split next to linear least squares on the raw features.
 */
export function trainCostPredictor(input: TrainCostInput): TrainedCostPredictor {
  const started = performance.now();
  const split = input.split ?? splitIndices(input.rows.length, input.seed);
  const train = pick(input.rows, split.train);
  const valid = pick(input.rows, split.valid);
  const test = pick(input.rows, split.test);
  if (train.length < 10 || valid.length < 1 || test.length < 1) {
    throw new RangeError(`${input.rows.length} rows are too few to split 80/10/10 and fit (need at least 13)`);
  }
  const model = fitCostModelOn(train);
  const point = { model, correction: IDENTITY_CORRECTION };
  const validPredicted = predictLatencyMs(point, featuresOf(valid));
  const calibrated = calibrateInterval({
    features: featuresOf(input.rows),
    measuredMs: input.rows.map(totalLatencyMs),
    train: split.train,
    calibration: split.valid,
    calibrationPredictedMs: validPredicted,
    fit: (indices) => {
      const refit = fitCostModelOn(pick(input.rows, indices));
      return (features) => predictLatencyMs({ model: refit, correction: IDENTITY_CORRECTION }, features);
    },
  });
  const interval = 'reason' in calibrated ? undefined : calibrated;
  const testMs = test.map(totalLatencyMs);
  const bounds = predictLatencyBounds({ ...point, interval }, featuresOf(test));
  const testPredicted = predictLatencyMs(point, featuresOf(test));
  const linear = fitLinear(featuresOf(train), train.map(totalLatencyMs));
  const predictor: LatencyPredictor = {
    featureNames: [...FEATURE_NAMES],
    ...point,
    ...(interval ? { interval } : {}),
    provenance: {
      ...datasetProvenance(input, { train, valid, test }),
      recipe: COST_RECIPE,
      trainingMs: Math.round(performance.now() - started),
      metrics: {
        valid: computeMetrics(validPredicted, valid.map(totalLatencyMs)),
        test: computeMetrics(testPredicted, testMs),
        linearTest: computeMetrics(predictLinear(linear, featuresOf(test)), testMs),
      },
      outliers: detectOutliers(input.rows),
      ...(bounds ? { intervalTest: intervalMetrics(bounds, testMs) } : {}),
    },
  };
  return {
    predictor,
    test: {
      measuredMs: testMs,
      predictedMs: Array.from(testPredicted),
      ...(bounds ? { lowMs: Array.from(bounds.lowMs), highMs: Array.from(bounds.highMs) } : {}),
    },
    ...('reason' in calibrated ? { intervalNote: calibrated.reason } : {}),
  };
}
