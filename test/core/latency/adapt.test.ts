import { describe, expect, it } from 'vitest';
import { totalLatencyMs } from '../../../src/core/dataset';
import { adaptWith, chooseAdaptation } from '../../../src/core/latency/adapt';
import { adaptPredictor, shotsOf } from '../../../src/core/latency/adapt-predictor';
import { computeMetrics } from '../../../src/core/latency/metrics';
import { predictLatencyBounds, predictLatencyMs, type LatencyPredictor } from '../../../src/core/latency/predictor';
import { fakeCostPredictor, fakePredictor } from './fixtures';
import { syntheticLatencyRows, TRUE_COSTS } from './synthetic-latency';

/** Another device: FFNs three times as slow, per-layer overheads halved, everything else as the base's. */
const OTHER = {
  encoder: TRUE_COSTS.encoder.map((c, j) => (j === 3 ? 3 * c : c)),
  decoder: TRUE_COSTS.decoder.map((c, j) => (j === 4 ? 3 * c : j === 2 ? 0.5 * c : c)),
};

describe('few-shot adaptation', () => {
  const base = fakeCostPredictor();
  const test = syntheticLatencyRows(400, { sigma: 0.02, seed: 31, costs: OTHER });
  const mape = (p: Parameters<typeof predictLatencyMs>[0]): number =>
    computeMetrics(
      predictLatencyMs(
        p,
        test.map((r) => r.features),
      ),
      test.map(totalLatencyMs),
    ).mape;
  /** The base adapted from k of a noisier device's rows (the first k of their training split). */
  const adaptToOther = (targetRows: ReturnType<typeof syntheticLatencyRows>, k: number): LatencyPredictor =>
    adaptPredictor({
      base,
      targetRows,
      targetName: 'other.csv',
      targetDevice: 'other',
      targetSha256: 'c'.repeat(64),
      k,
      seed: 1,
    });

  it('refits the unit costs of a device that differs per layer type, and the leave-one-out rule picks the refit', () => {
    const shots = shotsOf(syntheticLatencyRows(50, { sigma: 0.02, seed: 32, costs: OTHER }));
    const affine = mape(adaptWith(base, shots, 'affine'));
    const refit = mape(adaptWith(base, shots, 'refit'));
    expect(refit).toBeLessThan(0.6 * affine);
    const choice = chooseAdaptation(base, shots);
    expect(choice.method).toBe('refit');
    expect(Object.keys(choice.leaveOneOutMape).sort()).toEqual(['affine', 'refit', 'shift']);
    expect(choice.residuals).toHaveLength(50);
  });

  it('adapts a device that is the base uniformly slower from 10 rows', () => {
    const uniform = {
      encoder: TRUE_COSTS.encoder.map((c) => 2.5 * c),
      decoder: TRUE_COSTS.decoder.map((c) => 2.5 * c),
    };
    const shots = shotsOf(syntheticLatencyRows(10, { sigma: 0.04, seed: 33, costs: uniform }));
    const choice = chooseAdaptation(base, shots);
    const uniformTest = syntheticLatencyRows(300, { sigma: 0.04, seed: 34, costs: uniform });
    const adapted = predictLatencyMs(
      choice.predictor,
      uniformTest.map((r) => r.features),
    );
    const error = computeMetrics(adapted, uniformTest.map(totalLatencyMs)).mape;
    expect(error).toBeLessThan(0.06);
  });

  it('offers only the log-space corrections for an MLP base (version-1 predictors)', () => {
    const shots = shotsOf(syntheticLatencyRows(10, { sigma: 0.04, seed: 35 }));
    expect(Object.keys(chooseAdaptation(fakePredictor(), shots).leaveOneOutMape).sort()).toEqual(['affine', 'shift']);
    expect(() => adaptWith(fakePredictor(), shots, 'refit')).toThrow(/cost-model base/);
  });

  it('carries the interval over, rescaled to the new device’s spread, and records the rule’s choice', () => {
    const target = syntheticLatencyRows(400, { sigma: 0.08, seed: 36, costs: OTHER });
    const adapted = adaptToOther(target, 50);
    expect(adapted.provenance.adaptation).toMatchObject({ k: 50, method: 'refit', baseDevice: 'synthetic' });
    // 50 shots: the interval is conformal on their leave-one-out residuals; twice the base's noise makes it wider.
    expect(adapted.interval!.scores).toHaveLength(50);
    const features = target.slice(0, 50).map((r) => r.features);
    const width = (p: LatencyPredictor): number => {
      const b = predictLatencyBounds(p, features)!;
      return b.highMs.reduce((sum, h, i) => sum + Math.log(h / b.lowMs[i]!), 0);
    };
    expect(width(adapted)).toBeGreaterThan(1.3 * width(base));
    expect(adapted.provenance.intervalTest!.coverage90).toBeGreaterThan(0.8);
    expect(adapted.provenance.intervalTest!.rows).toBe(40);
  });

  it('keeps the base’s shape, rescaled and floored by a t bound, when fewer than 19 rows calibrate it', () => {
    const target = syntheticLatencyRows(400, { sigma: 0.08, seed: 38, costs: OTHER });
    const adapted = adaptToOther(target, 10);
    expect(adapted.interval!.scores).toEqual(base.interval!.scores);
    expect(adapted.interval!.floor).toMatchObject({ rows: 10 });
    expect(adapted.interval!.method).toMatch(/at least the Student-t bound of those 10 residuals/);
    expect(adapted.provenance.intervalTest!.coverage90).toBeGreaterThan(0.75);
  });
});
