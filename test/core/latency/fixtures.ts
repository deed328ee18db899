import type { LatencyRow } from '../../../src/core/dataset';
import { FEATURE_NAMES } from '../../../src/core/features';
import { fitFeatureStats } from '../../../src/core/latency/normalize';
import type { LatencyPredictor } from '../../../src/core/latency/predictor';
import { trainCostPredictor } from '../../../src/core/latency/cost-train';
import { initLayersForTest } from './init';
import { syntheticLatencyRows } from './synthetic-latency';

/** A synthetic dataset whose latency is a known smooth function of the features (for core tests without tf.js). */
export function syntheticRows(count: number, slowRows: (i: number) => boolean = () => false): LatencyRow[] {
  let s = 7;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, i) => {
    const e = next() < 0.5 ? 512 : 640;
    const d = next() < 0.5 ? 512 : 640;
    const layers = 1 + Math.floor(next() * 6);
    const ffn = 1024 + 1024 * Math.floor(next() * 3);
    const features: LatencyRow['features'] = [e, 6, ffn, 4 + 4 * next(), d, layers, ffn, 6, 6, 1 + next()];
    const slow = slowRows(i) ? 1.3 : 1;
    const noise = 1 + 0.01 * (next() - 0.5);
    return {
      features,
      latencyMeanEncoderMs: (e * ffn * 1e-5 + 1) * slow * noise,
      latencyMeanDecoderMs: (d * layers * 0.05 + ffn * layers * 0.002) * slow * noise,
      latencyStdEncoderMs: 0.1,
      latencyStdDecoderMs: 1,
    };
  });
}

const metrics = { rows: 200, rmseMs: 1.5, mape: 0.05, within10: 0.9, kendallTau: 0.8 };

/** A small random predictor with complete provenance (no training). */
export function fakePredictor(): LatencyPredictor {
  const rows = syntheticRows(50);
  return {
    featureNames: [...FEATURE_NAMES],
    model: {
      kind: 'mlp',
      featureStats: fitFeatureStats(rows.map((r) => r.features)),
      heads: 'encoder-decoder',
      targetStats: [
        { mean: 1.5, std: 0.3 },
        { mean: 4, std: 0.5 },
      ],
      layers: initLayersForTest([10, 16, 16, 2]),
    },
    correction: { scale: 1.1, shift: -0.2 },
    provenance: {
      datasetName: 'synthetic.csv',
      device: 'synthetic',
      datasetSha256: 'a'.repeat(64),
      rows: 50,
      splitSeed: 1,
      split: { train: 40, valid: 5, test: 5 },
      trainedAt: '2026-01-01T00:00:00.000Z',
      recipe: 'test',
      trainingMs: 1,
      metrics: { valid: metrics, test: metrics, linearTest: metrics },
    },
  };
}

/** A cost-model predictor with its calibrated interval, trained (in milliseconds) on synthetic rows. */
export function fakeCostPredictor(seed = 1): LatencyPredictor {
  return trainCostPredictor({
    rows: syntheticLatencyRows(600, { sigma: 0.04, seed }),
    seed: 1,
    datasetName: 'synthetic-cost.csv',
    device: 'synthetic',
    datasetSha256: 'b'.repeat(64),
  }).predictor;
}
