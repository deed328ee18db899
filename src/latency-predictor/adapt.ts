import { totalLatencyMs, type LatencyRow } from '../core/dataset/index';
import { fitLogCorrection, type AdaptMethod } from '../core/latency/adapt';
import { fitLinear, predictLinear } from '../core/latency/linear';
import { computeMetrics, type PredictorMetrics } from '../core/latency/metrics';
import { fitFeatureStats, fitTargetStats, normalizeFeatures } from '../core/latency/normalize';
import { IDENTITY_CORRECTION, predictLatencyMs, type LatencyPredictor } from '../core/latency/predictor';
import { pick, splitIndices } from '../core/latency/split';
import { EXPLORER_RECIPE } from './train';
import { trainMlp } from './mlp';

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
  method?: AdaptMethod;
}

/** Adapts `base` to a new device from k rows and reports test metrics next to linear least squares on the same k. */
export function adaptPredictor(input: AdaptInput): LatencyPredictor {
  const started = performance.now();
  const method = input.method ?? 'affine';
  const { shots, test } = fewShotSplit(input.targetRows, input.k, input.seed);
  const correction = fitLogCorrection(input.base, featuresOf(shots), shots.map(totalLatencyMs), method);
  const adapted = { ...input.base, correction };
  const testMs = test.map(totalLatencyMs);
  const testMetrics = computeMetrics(predictLatencyMs(adapted, featuresOf(test)), testMs);
  const linear = fitLinear(featuresOf(shots), shots.map(totalLatencyMs));
  const base = input.base.provenance;
  return {
    ...adapted,
    provenance: {
      datasetName: input.targetName,
      device: input.targetDevice,
      datasetSha256: input.targetSha256,
      rows: input.targetRows.length,
      splitSeed: input.seed,
      split: { train: shots.length, valid: 0, test: test.length },
      trainedAt: new Date().toISOString(),
      recipe: `${base.device}'s predictor with a log-space ${method} correction fitted on ${input.k} rows`,
      trainingMs: Math.round(performance.now() - started),
      metrics: {
        // No validation rows in few-shot adaptation: the fit's own k rows stand in, and say so by their count.
        valid: computeMetrics(predictLatencyMs(adapted, featuresOf(shots)), shots.map(totalLatencyMs)),
        test: testMetrics,
        linearTest: computeMetrics(predictLinear(linear, featuresOf(test)), testMs),
      },
      adaptation: { baseDatasetSha256: base.datasetSha256, baseDevice: base.device, k: input.k, method },
    },
  };
}

/**
 * The from-scratch comparison for few-shot adaptation: the explorer's MLP trained on the same k rows only.
 * With no rows to spare for early stopping it runs a fixed 300 steps, full batch, Adam lr 1e-3.
 */
export async function scratchMlpMetrics(
  shots: readonly LatencyRow[],
  test: readonly LatencyRow[],
  seed: number,
): Promise<PredictorMetrics> {
  const featureStats = fitFeatureStats(featuresOf(shots));
  const logMs = shots.map((r) => Math.log(totalLatencyMs(r)));
  const targetStats = fitTargetStats(logMs);
  const result = await trainMlp(
    {
      x: { data: normalizeFeatures(featuresOf(shots), featureStats), rows: shots.length, width: 10 },
      y: {
        data: Float32Array.from(logMs, (v) => (v - targetStats.mean) / targetStats.std),
        rows: shots.length,
        width: 1,
      },
    },
    () => 0,
    {
      ...EXPLORER_RECIPE,
      learningRate: 1e-3,
      loss: 'mse',
      maxSteps: 300,
      batchSize: shots.length,
      evalEvery: 0,
      patience: Infinity,
      seed,
    },
  );
  const model = {
    featureStats,
    heads: 'total' as const,
    targetStats: [targetStats],
    layers: result.layers,
    correction: IDENTITY_CORRECTION,
  };
  return computeMetrics(predictLatencyMs(model, featuresOf(test)), test.map(totalLatencyMs));
}

/**
 * The other adaptation candidate: fine-tune only the base network's last layer on the k rows, from the base's
 * weights, with the target normalisation re-learned from the k rows (the new device's latencies can be 25x the
 * base's, far outside the base's z-scores); a fixed 200 full-batch steps at Adam lr 1e-3.
 */
export async function fineTuneLastLayer(
  base: LatencyPredictor,
  shots: readonly LatencyRow[],
  seed: number,
): Promise<LatencyPredictor> {
  const logs = shots.map((row) =>
    base.heads === 'total'
      ? [Math.log(totalLatencyMs(row))]
      : [Math.log(row.latencyMeanEncoderMs), Math.log(row.latencyMeanDecoderMs)],
  );
  const width = base.targetStats.length;
  const targetStats = Array.from({ length: width }, (_, h) => fitTargetStats(logs.map((l) => l[h]!)));
  const y = new Float32Array(shots.length * width);
  logs.forEach((l, i) => l.forEach((v, h) => (y[i * width + h] = (v - targetStats[h]!.mean) / targetStats[h]!.std)));
  const result = await trainMlp(
    {
      x: { data: normalizeFeatures(featuresOf(shots), base.featureStats), rows: shots.length, width: 10 },
      y: { data: y, rows: shots.length, width },
    },
    () => 0,
    {
      hidden: base.layers.slice(0, -1).map((l) => l.outputs),
      initialLayers: base.layers,
      trainableLayers: [base.layers.length - 1],
      learningRate: 1e-3,
      loss: 'mse',
      batchSize: shots.length,
      maxSteps: 200,
      evalEvery: 0,
      patience: Infinity,
      seed,
    },
  );
  return { ...base, targetStats, layers: result.layers, correction: IDENTITY_CORRECTION };
}
