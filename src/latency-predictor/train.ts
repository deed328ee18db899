import { totalLatencyMs, type LatencyRow } from '../core/dataset/index';
import { FEATURE_NAMES } from '../core/features';
import { computeMetrics } from '../core/latency/metrics';
import { fitLinear, predictLinear } from '../core/latency/linear';
import { detectOutliers } from '../core/latency/outliers';
import type { DenseLayer } from '../core/latency/mlp';
import { mlpForward } from '../core/latency/mlp';
import { fitFeatureStats, fitTargetStats, normalizeFeatures } from '../core/latency/normalize';
import {
  IDENTITY_CORRECTION,
  headCount,
  outputsToMs,
  predictLatencyMs,
  type LatencyPredictor,
  type PredictorHeads,
} from '../core/latency/predictor';
import { datasetProvenance } from '../core/latency/provenance';
import { pick, splitIndices, type SplitIndices } from '../core/latency/split';
import { trainMlp, type MlpTrainProgress } from './mlp';

/** The explorer's recipe. Chosen by measurement (README, "Latency predictors"); every field can be overridden. */
export interface ExplorerRecipe {
  hidden: number[];
  heads: PredictorHeads;
  loss: 'mse' | 'huber';
  /** Huber threshold in ln(ms) units: residuals beyond it (relative errors of ~δ) count linearly. */
  huberDelta: number;
  learningRate: number;
  batchSize: number;
  maxSteps: number;
  evalEvery: number;
  patience: number;
}

export const EXPLORER_RECIPE: ExplorerRecipe = {
  hidden: [128, 128, 128],
  heads: 'encoder-decoder',
  loss: 'huber',
  huberDelta: 0.01,
  learningRate: 3e-4,
  batchSize: 128,
  maxSteps: 4000,
  evalEvery: 100,
  patience: 8,
};

export const describeRecipe = (r: ExplorerRecipe): string =>
  `MLP 10→${r.hidden.join('→')}→${headCount(r.heads)} ReLU; z-scored features; target z-scored ln(ms) ` +
  `(${r.heads}); ${r.loss}${r.loss === 'huber' ? ` δ=${r.huberDelta}` : ''}; Adam lr ${r.learningRate}, batch ` +
  `${r.batchSize}; early stopping on valid MAPE (every ${r.evalEvery} steps, patience ${r.patience}, ≤${r.maxSteps} steps)`;

export interface TrainPredictorInput {
  rows: readonly LatencyRow[];
  seed: number;
  datasetName: string;
  device: string;
  datasetSha256: string;
  recipe?: Partial<ExplorerRecipe>;
  /** Overrides the seeded 80/10/10 split (the benchmark's extrapolation split). */
  split?: SplitIndices;
  onProgress?: (progress: MlpTrainProgress) => void;
}

const featuresOf = (rows: readonly LatencyRow[]): number[][] => rows.map((r) => r.features as number[]);
const totalsOf = (rows: readonly LatencyRow[]): number[] => rows.map(totalLatencyMs);

/** Log-space targets per head: ln(total), or ln(encoder) and ln(decoder). */
function logTargets(rows: readonly LatencyRow[], heads: PredictorHeads): number[][] {
  return rows.map((r) =>
    heads === 'total'
      ? [Math.log(totalLatencyMs(r))]
      : [Math.log(r.latencyMeanEncoderMs), Math.log(r.latencyMeanDecoderMs)],
  );
}

export interface TrainedMlpPredictor {
  predictor: LatencyPredictor;
  /** Test-split predictions and measurements, for the scatter plot. */
  test: { predictedMs: number[]; measuredMs: number[] };
  stepsRun: number;
}

/**
 * Trains the MLP recipe (this project's version-1 predictor, kept as the benchmark's comparison: the app trains the
 * cost model, src/core/latency/cost-train.ts) on an 80/10/10 split, with test metrics next to the linear baseline.
 */
export async function trainMlpPredictor(input: TrainPredictorInput): Promise<TrainedMlpPredictor> {
  const started = performance.now();
  const recipe = { ...EXPLORER_RECIPE, ...input.recipe };
  const split = input.split ?? splitIndices(input.rows.length, input.seed);
  const train = pick(input.rows, split.train);
  const valid = pick(input.rows, split.valid);
  const test = pick(input.rows, split.test);
  if (train.length < 2 || valid.length < 1 || test.length < 1) {
    throw new RangeError(`${input.rows.length} rows are too few to split 80/10/10 (need at least 10)`);
  }
  const featureStats = fitFeatureStats(featuresOf(train));
  const width = headCount(recipe.heads);
  const trainTargets = logTargets(train, recipe.heads);
  const targetStats = Array.from({ length: width }, (_, h) => fitTargetStats(trainTargets.map((t) => t[h]!)));
  const y = new Float32Array(train.length * width);
  trainTargets.forEach((t, i) =>
    t.forEach((v, h) => (y[i * width + h] = (v - targetStats[h]!.mean) / targetStats[h]!.std)),
  );

  const validX = normalizeFeatures(featuresOf(valid), featureStats);
  const validMs = totalsOf(valid);
  const validMape = (layers: DenseLayer[]): number => {
    const outputs = mlpForward(layers, validX, valid.length);
    return computeMetrics(outputsToMs(outputs, recipe.heads, targetStats), validMs).mape;
  };
  const result = await trainMlp(
    {
      x: { data: normalizeFeatures(featuresOf(train), featureStats), rows: train.length, width: 10 },
      y: { data: y, rows: train.length, width },
    },
    validMape,
    {
      ...recipe,
      // The network sees z-scored targets, so the ln-ms threshold is rescaled by the (mean) target std.
      huberDelta: recipe.huberDelta / (targetStats.reduce((sum, s) => sum + s.std, 0) / width),
      seed: input.seed,
      onProgress: input.onProgress,
    },
  );
  const model = {
    model: { kind: 'mlp' as const, featureStats, heads: recipe.heads, targetStats, layers: result.layers },
    correction: IDENTITY_CORRECTION,
  };
  const testMs = totalsOf(test);
  const testPredicted = predictLatencyMs(model, featuresOf(test));
  const linear = fitLinear(featuresOf(train), totalsOf(train));
  const metrics = {
    valid: computeMetrics(predictLatencyMs(model, featuresOf(valid)), validMs),
    test: computeMetrics(testPredicted, testMs),
    linearTest: computeMetrics(predictLinear(linear, featuresOf(test)), testMs),
  };
  const predictor: LatencyPredictor = {
    featureNames: [...FEATURE_NAMES],
    ...model,
    provenance: {
      ...datasetProvenance(input, { train, valid, test }),
      recipe: `${describeRecipe(recipe)}; stopped at step ${result.stepsRun}, best ${result.bestStep}`,
      trainingMs: Math.round(performance.now() - started),
      metrics,
      outliers: detectOutliers(input.rows),
    },
  };
  return { predictor, test: { predictedMs: Array.from(testPredicted), measuredMs: testMs }, stepsRun: result.stepsRun };
}
