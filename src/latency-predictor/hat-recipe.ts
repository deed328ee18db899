import { totalLatencyMs, type LatencyRow } from '../core/dataset/index';
import { computeMetrics, type PredictorMetrics } from '../core/latency/metrics';
import { mlpForward } from '../core/latency/mlp';
import { pick, splitIndices } from '../core/latency/split';
import { trainMlp } from './mlp';

/** HAT's fixed feature divisors (spec section 7). */
export const HAT_FEATURE_DIVISORS = [640, 6, 2048, 6, 640, 6, 2048, 6, 6, 2] as const;

/** HAT's fixed latency divisors per device (spec section 7). */
export function hatLatencyDivisor(device: string): number | undefined {
  if (/raspberry/i.test(device)) return 5000;
  if (/xeon/i.test(device)) return 300;
  if (/titan/i.test(device)) return 200;
  return undefined;
}

export const HAT_RECIPE_DESCRIPTION =
  "HAT's recipe: features and latency divided by fixed constants; MLP 10→400→400→400→400→1 ReLU, PyTorch init; " +
  'MSE; Adam lr 1e-5 (betas 0.9/0.999, eps 1e-8); batch 128 drawn without replacement each step; 5000 steps; ' +
  'final weights';

export interface HatRecipeResult {
  test: PredictorMetrics;
  testPredictedMs: number[];
  trainingMs: number;
}

const scaled = (rows: readonly LatencyRow[]): Float32Array => {
  const out = new Float32Array(rows.length * 10);
  rows.forEach((row, i) => row.features.forEach((v, j) => (out[i * 10 + j] = v / HAT_FEATURE_DIVISORS[j]!)));
  return out;
};

/**
 * HAT's latency predictor exactly as its latency_predictor.py trains it, on the same seeded 80/10/10 split as the
 * explorer's predictor: the baseline the explorer must beat. `steps` is only lowered by tests.
 */
export async function trainHatRecipe(
  rows: readonly LatencyRow[],
  seed: number,
  latencyDivisor: number,
  steps = 5000,
): Promise<HatRecipeResult> {
  const started = performance.now();
  const split = splitIndices(rows.length, seed);
  const train = pick(rows, split.train);
  const test = pick(rows, split.test);
  const y = Float32Array.from(train, (r) => totalLatencyMs(r) / latencyDivisor);
  const result = await trainMlp(
    { x: { data: scaled(train), rows: train.length, width: 10 }, y: { data: y, rows: train.length, width: 1 } },
    () => 0,
    {
      hidden: [400, 400, 400, 400],
      learningRate: 1e-5,
      batchSize: 128,
      maxSteps: steps,
      loss: 'mse',
      seed,
      evalEvery: 0,
      patience: Number.POSITIVE_INFINITY,
    },
  );
  const predicted = Array.from(mlpForward(result.layers, scaled(test), test.length), (v) => v * latencyDivisor);
  return {
    test: computeMetrics(predicted, test.map(totalLatencyMs)),
    testPredictedMs: predicted,
    trainingMs: Math.round(performance.now() - started),
  };
}
