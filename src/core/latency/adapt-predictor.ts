import { totalLatencyMs, type LatencyRow } from '../dataset';
import { chooseAdaptation, describeAdaptMethod, type AdaptMethod, type Shots } from './adapt';
import { intervalMetrics } from './cost-train';
import { featureDistances } from './distance';
import { MIN_CALIBRATION_ROWS, widening, type PredictionInterval } from './interval';
import { fitLinear, predictLinear } from './linear';
import { computeMetrics } from './metrics';
import { predictLatencyBounds, predictLatencyMs, type LatencyPredictor } from './predictor';
import { pick, splitIndices } from './split';

const featuresOf = (rows: readonly LatencyRow[]): number[][] => rows.map((r) => r.features as number[]);

/** The k "measured" rows of the new device (the first k of its seeded training split) and its test rows. */
export function fewShotSplit(
  rows: readonly LatencyRow[],
  k: number,
  seed: number,
): { shots: LatencyRow[]; test: LatencyRow[] } {
  const split = splitIndices(rows.length, seed);
  if (split.train.length < k)
    throw new RangeError(`the profile has ${split.train.length} training rows, fewer than k = ${k}`);
  return { shots: pick(rows, split.train.slice(0, k)), test: pick(rows, split.test) };
}

export interface AdaptInput {
  base: LatencyPredictor;
  /** The new device's rows; the first k of its training split are the shots, its test split scores the result. */
  targetRows: readonly LatencyRow[];
  targetName: string;
  targetDevice: string;
  targetSha256: string;
  k: number;
  seed: number;
  /** Forces one method; by default the leave-one-out rule of chooseAdaptation picks it. */
  method?: AdaptMethod;
}

export const shotsOf = (rows: readonly LatencyRow[]): Shots => ({
  features: featuresOf(rows),
  encoderMs: rows.map((r) => r.latencyMeanEncoderMs),
  decoderMs: rows.map((r) => r.latencyMeanDecoderMs),
});

const rms = (values: readonly number[]): number => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

/**
 * The interval after adaptation, from the chosen method's leave-one-out log residuals on the k rows (each an
 * out-of-sample error on the new device). With k ≥ 19 they are the conformal scores themselves (divided by the
 * base's distance widening, which is kept). With fewer, the base's scores keep their shape (its drift tail), scaled by
 * the new device's spread over the base's (RMS of the residuals over RMS of the scores), and every bound reaches at
 * least the Student-t prediction bound of the residuals. Both chosen on HAT's files (README, "Few-shot adaptation").
 */
export function adaptedInterval(
  base: LatencyPredictor,
  residuals: readonly number[],
  shotFeatures: readonly (readonly number[])[],
): PredictionInterval | undefined {
  const interval = base.interval;
  if (!interval) return undefined;
  const k = residuals.length;
  if (k >= MIN_CALIBRATION_ROWS) {
    const distances = featureDistances(interval.distance, shotFeatures);
    const scores = residuals
      .map((r, i) => r / widening(distances[i]!, interval.distance.reference, interval.kappa))
      .sort((a, b) => a - b);
    return {
      ...interval,
      scores,
      scale: 1,
      method: `split conformal on the ${k} leave-one-out residuals of the new device, widened as the base's (κ = ${interval.kappa})`,
    };
  }
  const scale = rms(residuals) / rms(interval.scores);
  return {
    ...interval,
    scale,
    floor: { logRms: rms(residuals), rows: k },
    method:
      `${interval.method}; scaled by ${scale.toFixed(2)} (the new device's leave-one-out spread on ${k} rows over the ` +
      `base's) and at least the Student-t bound of those ${k} residuals`,
  };
}

/** Adapts `base` to a new device from k rows and reports test metrics next to linear least squares on the same k. */
export function adaptPredictor(input: AdaptInput): LatencyPredictor {
  const started = performance.now();
  const { shots, test } = fewShotSplit(input.targetRows, input.k, input.seed);
  const choice = chooseAdaptation(input.base, shotsOf(shots), input.method ? [input.method] : undefined);
  const interval = adaptedInterval(input.base, choice.residuals, featuresOf(shots));
  const adapted = { ...choice.predictor, ...(interval ? { interval } : {}) };
  const testMs = test.map(totalLatencyMs);
  const testMetrics = computeMetrics(predictLatencyMs(adapted, featuresOf(test)), testMs);
  const bounds = predictLatencyBounds(adapted, featuresOf(test));
  const linear = fitLinear(featuresOf(shots), shots.map(totalLatencyMs));
  const base = input.base.provenance;
  return {
    featureNames: input.base.featureNames,
    ...adapted,
    provenance: {
      datasetName: input.targetName,
      device: input.targetDevice,
      datasetSha256: input.targetSha256,
      rows: input.targetRows.length,
      splitSeed: input.seed,
      split: { train: shots.length, valid: 0, test: test.length },
      trainedAt: new Date().toISOString(),
      recipe: `${base.device}'s predictor adapted by ${describeAdaptMethod(choice.method)} on ${input.k} rows (chosen by leave-one-out)`,
      trainingMs: Math.round(performance.now() - started),
      metrics: {
        // No validation rows in few-shot adaptation: the fit's own k rows stand in, and say so by their count.
        valid: computeMetrics(predictLatencyMs(adapted, featuresOf(shots)), shots.map(totalLatencyMs)),
        test: testMetrics,
        linearTest: computeMetrics(predictLinear(linear, featuresOf(test)), testMs),
      },
      adaptation: {
        baseDatasetSha256: base.datasetSha256,
        baseDevice: base.device,
        k: input.k,
        method: choice.method,
        leaveOneOutMape: choice.leaveOneOutMape,
      },
      ...(bounds ? { intervalTest: intervalMetrics(bounds, testMs) } : {}),
    },
  };
}
