import { describe, expect, it } from 'vitest';
import { fitCostModel, predictCostModelMs } from '../../../src/core/latency/cost-model';
import { featureDistances, fitDistanceStats } from '../../../src/core/latency/distance';
import { outerSplitIndices } from '../../../src/core/latency/split';
import type { LatencyRow } from '../../../src/core/dataset';
import { syntheticLatencyRows, TRUE_COSTS, trueHeadsMs } from './synthetic-latency';

const heads = (rows: readonly LatencyRow[]) => ({
  features: rows.map((r) => r.features),
  encoderMs: rows.map((r) => r.latencyMeanEncoderMs),
  decoderMs: rows.map((r) => r.latencyMeanDecoderMs),
});

/** HAT's searched models sit where uniform sampling rarely goes: every FFN at 3072, 8 heads, a shallow decoder. */
const CORNER = [512, 6, 3072, 8, 512, 1, 3072, 8, 8, 2];

describe('the cost model', () => {
  it('recovers the unit costs of noise-free data, and so predicts the corner of the space exactly', () => {
    const model = fitCostModel(heads(syntheticLatencyRows(300, { sigma: 0, seed: 1 })));
    const truth = trueHeadsMs(CORNER);
    expect(predictCostModelMs(model, [CORNER])[0]! / (truth.encoder + truth.decoder)).toBeCloseTo(1, 6);
    // L_enc is 6 in every row, so its cost and the intercept are one number between them; the rest is identified.
    expect(model.decoder[4]! / TRUE_COSTS.decoder[4]!).toBeCloseTo(1, 4);
    expect(model.encoder[3]! / TRUE_COSTS.encoder[3]!).toBeCloseTo(1, 4);
  });

  it('follows the usual speed through a block measured 35 % slow (robust fit), where plain least squares does not', () => {
    const rows = syntheticLatencyRows(1000, { sigma: 0.02, seed: 2, slow: (i) => i < 150, slowFactor: 1.35 });
    const clean = syntheticLatencyRows(300, { sigma: 0, seed: 3 });
    const bias = (robust: boolean): number => {
      const model = fitCostModel(heads(rows), { robust });
      const predicted = predictCostModelMs(
        model,
        clean.map((r) => r.features),
      );
      const ratios = clean.map((r, i) => predicted[i]! / (r.latencyMeanEncoderMs + r.latencyMeanDecoderMs));
      return ratios.reduce((s, x) => s + x, 0) / ratios.length - 1;
    };
    expect(Math.abs(bias(true))).toBeLessThan(0.01);
    expect(bias(false)).toBeGreaterThan(0.02);
  });

  it('never predicts below its floor, where a linear model would go negative', () => {
    const fitted = fitCostModel(heads(syntheticLatencyRows(200, { sigma: 0.01, seed: 4 })));
    // Unit costs of the wrong sign stand in for a config far outside the rows: every term then adds negative time.
    const model = {
      ...fitted,
      encoder: fitted.encoder.map((c) => -Math.abs(c)),
      decoder: fitted.decoder.map((c) => -Math.abs(c)),
    };
    const [ms] = predictCostModelMs(model, [CORNER]);
    expect(ms).toBeCloseTo(model.floorMs.encoder + model.floorMs.decoder, 9);
    expect(ms).toBeGreaterThan(0);
  });
});

describe('feature distance and the extrapolation split', () => {
  it('puts the corner configs far outside the rows and splits off the farthest tenth as test rows', () => {
    const rows = syntheticLatencyRows(1000, { sigma: 0, seed: 5 });
    const features = rows.map((r) => r.features);
    const stats = fitDistanceStats(features);
    const distances = featureDistances(stats, features);
    const [corner] = featureDistances(stats, [CORNER]);
    expect(corner! / stats.reference).toBeGreaterThan(1.5);
    const split = outerSplitIndices(features, 1);
    expect(split.test).toHaveLength(100);
    expect(split.valid).toHaveLength(100);
    expect(new Set([...split.train, ...split.valid, ...split.test]).size).toBe(1000);
    const nearestTest = Math.min(...split.test.map((i) => distances[i]!));
    expect(Math.max(...split.train.map((i) => distances[i]!))).toBeLessThanOrEqual(nearestTest);
  });
});
