import { predictCostModelMs, type CostModel } from './cost-model';
import { featureDistances } from './distance';
import { logBounds, type PredictionInterval } from './interval';
import type { PredictorMetrics } from './metrics';
import { mlpForward, type DenseLayer } from './mlp';
import { normalizeFeatures, type FeatureStats, type TargetStats } from './normalize';

/**
 * What the network's outputs mean. 'total': one output, z-scored ln(total ms). 'encoder-decoder': two outputs,
 * z-scored ln(encoder ms) and ln(decoder ms), summed after exp (the encoder and decoder scale differently with the
 * features, and a log target cannot add them).
 */
export type PredictorHeads = 'total' | 'encoder-decoder';

/** ln(ms_adapted) = scale · ln(ms_predicted) + shift. The identity for a predictor used on its own device. */
export interface LogAffineCorrection {
  scale: number;
  shift: number;
}

export const IDENTITY_CORRECTION: LogAffineCorrection = Object.freeze({ scale: 1, shift: 0 });

export interface OutlierSummary {
  /** Rows whose robust residual is beyond the threshold. */
  count: number;
  /** Threshold in robust standard deviations (MAD × 1.4826) of the log-latency residual. */
  threshold: number;
  /** Robust standard deviation of the residuals, in ln(ms): ~ the typical relative error of the robust fit. */
  residualSigma: number;
  /** 0-based row indices in file order (at most 200 listed). */
  rows: number[];
  /** Contiguous blocks (file order) whose median residual is shifted: HAT's measurement drift. */
  driftBlocks: { start: number; end: number; medianResidual: number }[];
}

export interface PredictorProvenance {
  datasetName: string;
  device: string;
  /** SHA-256 (hex) of the dataset written in canonical form by writeLatencyCsv, so any copy of the rows matches. */
  datasetSha256: string;
  rows: number;
  splitSeed: number;
  split: { train: number; valid: number; test: number };
  /** ISO 8601. */
  trainedAt: string;
  /** A human-readable description of how it was trained (architecture, loss, optimiser, steps). */
  recipe: string;
  trainingMs: number;
  metrics: { valid: PredictorMetrics; test: PredictorMetrics; linearTest: PredictorMetrics };
  outliers?: OutlierSummary;
  adaptation?: AdaptationProvenance;
  /** How the 90 % interval did on the test split (absent without an interval). */
  intervalTest?: IntervalMetrics;
}

export interface AdaptationProvenance {
  baseDatasetSha256: string;
  baseDevice: string;
  k: number;
  method: string;
  /** Leave-one-out MAPE on the k rows of every method tried; the lowest was chosen. */
  leaveOneOutMape?: Record<string, number>;
}

export interface IntervalMetrics {
  rows: number;
  /** Share of rows inside the 90 % interval, and at or below its upper end (the 95 % one-sided bound). */
  coverage90: number;
  belowUpper95: number;
  /** Median of (high − low) / predicted. */
  medianRelativeWidth: number;
}

/** HAT-style MLP on z-scored features (this project's version-1 predictors, and the benchmark's comparison). */
export interface MlpModel {
  kind: 'mlp';
  featureStats: FeatureStats;
  heads: PredictorHeads;
  /** Per output, the statistics of ln(ms) the network's z-scores are relative to. */
  targetStats: TargetStats[];
  layers: DenseLayer[];
}

export type LatencyModel = MlpModel | CostModel;

/** A trained latency predictor: everything needed to predict, plus where it came from. Target: total latency ms. */
export interface LatencyPredictor {
  featureNames: readonly string[];
  model: LatencyModel;
  correction: LogAffineCorrection;
  /** The calibrated interval; absent for version-1 files and for datasets too small to calibrate one. */
  interval?: PredictionInterval;
  provenance: PredictorProvenance;
}

export const headCount = (heads: PredictorHeads): number => (heads === 'total' ? 1 : 2);

/** Turns the network's raw outputs (rows × heads) into total latency in ms, before any correction. */
export function outputsToMs(
  outputs: ArrayLike<number>,
  heads: PredictorHeads,
  stats: readonly TargetStats[],
): Float64Array {
  const width = headCount(heads);
  const rows = outputs.length / width;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let h = 0; h < width; h++) {
      const s = stats[h]!;
      total += Math.exp((outputs[r * width + h] as number) * s.std + s.mean);
    }
    out[r] = total;
  }
  return out;
}

/** The model's own prediction (ms), before the correction. */
export function modelLatencyMs(model: LatencyModel, features: readonly (readonly number[])[]): Float64Array {
  if (features.length === 0) return new Float64Array(0);
  if (model.kind === 'cost') return predictCostModelMs(model, features);
  return outputsToMs(
    mlpForward(model.layers, normalizeFeatures(features, model.featureStats), features.length),
    model.heads,
    model.targetStats,
  );
}

/** Batch prediction: total latency in ms for every feature vector, in one pass (a search population at once). */
export function predictLatencyMs(
  predictor: Pick<LatencyPredictor, 'model' | 'correction'>,
  features: readonly (readonly number[])[],
): Float64Array {
  const raw = modelLatencyMs(predictor.model, features);
  const { scale, shift } = predictor.correction;
  if (scale !== 1 || shift !== 0)
    for (let i = 0; i < raw.length; i++) raw[i] = Math.exp(scale * Math.log(raw[i]!) + shift);
  return raw;
}

export interface LatencyBounds {
  latencyMs: Float64Array;
  lowMs: Float64Array;
  highMs: Float64Array;
}

/**
 * The point prediction with its calibrated interval: `coverage` of new rows like the calibration rows fall in
 * [low, high] (0.9 gives the 5 % and 95 % bounds). Null when the predictor has no interval (version-1 files).
 */
export function predictLatencyBounds(
  predictor: Pick<LatencyPredictor, 'model' | 'correction' | 'interval'>,
  features: readonly (readonly number[])[],
  coverage = 0.9,
): LatencyBounds | null {
  const { interval } = predictor;
  if (!interval) return null;
  const latencyMs = predictLatencyMs(predictor, features);
  const distances = featureDistances(interval.distance, features);
  const tail = (1 - coverage) / 2;
  const low = logBounds(interval, distances, tail);
  const high = logBounds(interval, distances, 1 - tail);
  return {
    latencyMs,
    lowMs: latencyMs.map((ms, i) => ms * Math.exp(low[i]!)),
    highMs: latencyMs.map((ms, i) => ms * Math.exp(high[i]!)),
  };
}

/**
 * The one-sided upper bound of level `confidence`: a config meets a budget with that confidence when this is at
 * most the budget. Null without an interval.
 */
export function predictLatencyUpperMs(
  predictor: Pick<LatencyPredictor, 'model' | 'correction' | 'interval'>,
  features: readonly (readonly number[])[],
  confidence: number,
): Float64Array | null {
  const { interval } = predictor;
  if (!interval) return null;
  const latencyMs = predictLatencyMs(predictor, features);
  const high = logBounds(interval, featureDistances(interval.distance, features), confidence);
  return latencyMs.map((ms, i) => ms * Math.exp(high[i]!));
}
