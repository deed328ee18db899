import { totalLatencyMs, type LatencyRow } from '../core/dataset/index';
import { computeMetrics, type PredictorMetrics } from '../core/latency/metrics';
import { fitFeatureStats, fitTargetStats, normalizeFeatures } from '../core/latency/normalize';
import { IDENTITY_CORRECTION, predictLatencyMs, type LatencyPredictor, type MlpModel } from '../core/latency/predictor';
import { EXPLORER_RECIPE } from './train';
import { trainMlp } from './mlp';

const featuresOf = (rows: readonly LatencyRow[]): number[][] => rows.map((r) => r.features as number[]);

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
    model: {
      kind: 'mlp' as const,
      featureStats,
      heads: 'total' as const,
      targetStats: [targetStats],
      layers: result.layers,
    },
    correction: IDENTITY_CORRECTION,
  };
  return computeMetrics(predictLatencyMs(model, featuresOf(test)), test.map(totalLatencyMs));
}

/**
 * The MLP's adaptation candidate (version-1 predictors; the benchmark's comparison): fine-tune only the base
 * network's last layer on the k rows, from the base's weights, with the target normalisation re-learned from the k
 * rows (the new device's latencies can be 25x the base's, far outside the base's z-scores); a fixed 200 full-batch
 * steps at Adam lr 1e-3.
 */
export async function fineTuneLastLayer(
  base: LatencyPredictor,
  shots: readonly LatencyRow[],
  seed: number,
): Promise<LatencyPredictor> {
  if (base.model.kind !== 'mlp') throw new RangeError('fine-tuning the last layer needs an MLP predictor');
  const mlp: MlpModel = base.model;
  const logs = shots.map((row) =>
    mlp.heads === 'total'
      ? [Math.log(totalLatencyMs(row))]
      : [Math.log(row.latencyMeanEncoderMs), Math.log(row.latencyMeanDecoderMs)],
  );
  const width = mlp.targetStats.length;
  const targetStats = Array.from({ length: width }, (_, h) => fitTargetStats(logs.map((l) => l[h]!)));
  const y = new Float32Array(shots.length * width);
  logs.forEach((l, i) => l.forEach((v, h) => (y[i * width + h] = (v - targetStats[h]!.mean) / targetStats[h]!.std)));
  const result = await trainMlp(
    {
      x: { data: normalizeFeatures(featuresOf(shots), mlp.featureStats), rows: shots.length, width: 10 },
      y: { data: y, rows: shots.length, width },
    },
    () => 0,
    {
      hidden: mlp.layers.slice(0, -1).map((l) => l.outputs),
      initialLayers: mlp.layers,
      trainableLayers: [mlp.layers.length - 1],
      learningRate: 1e-3,
      loss: 'mse',
      batchSize: shots.length,
      maxSteps: 200,
      evalEvery: 0,
      patience: Infinity,
      seed,
    },
  );
  const { interval: _interval, ...rest } = base;
  return { ...rest, model: { ...mlp, targetStats, layers: result.layers }, correction: IDENTITY_CORRECTION };
}
