import { describe, expect, it } from 'vitest';
import { totalLatencyMs, type LatencyRow } from '../../../src/core/dataset';
import { trainCostPredictor } from '../../../src/core/latency/cost-train';
import { conformalQuantile, MIN_CALIBRATION_ROWS } from '../../../src/core/latency/interval';
import {
  predictLatencyBounds,
  predictLatencyUpperMs,
  type LatencyPredictor,
} from '../../../src/core/latency/predictor';
import { syntheticLatencyRows } from './synthetic-latency';

const train = (rows: LatencyRow[]): LatencyPredictor =>
  trainCostPredictor({ rows, seed: 1, datasetName: 'synthetic', device: 'synthetic', datasetSha256: '0'.repeat(64) })
    .predictor;

/** Share of fresh rows inside the 90 % interval and at or below the 95 % upper bound. */
function coverage(predictor: LatencyPredictor, rows: LatencyRow[]): { inside: number; below95: number } {
  const features = rows.map((r) => r.features);
  const bounds = predictLatencyBounds(predictor, features)!;
  const upper = predictLatencyUpperMs(predictor, features, 0.95)!;
  const measured = rows.map(totalLatencyMs);
  return {
    inside: measured.filter((ms, i) => ms >= bounds.lowMs[i]! && ms <= bounds.highMs[i]!).length / rows.length,
    below95: measured.filter((ms, i) => ms <= upper[i]!).length / rows.length,
  };
}

describe('split-conformal quantiles', () => {
  it('take the ⌈(n+1)q⌉-th score and give up (±∞) with too few', () => {
    const scores = Array.from({ length: 19 }, (_, i) => i + 1);
    expect(conformalQuantile(scores, 0.95)).toBe(19);
    expect(conformalQuantile(scores, 0.05)).toBe(1);
    expect(conformalQuantile(scores, 0.5)).toBe(10);
    expect(conformalQuantile(scores.slice(0, 18), 0.95)).toBe(Infinity);
    expect(conformalQuantile(scores.slice(0, 18), 0.05)).toBe(-Infinity);
    expect(MIN_CALIBRATION_ROWS).toBe(19);
  });
});

describe('the calibrated interval, on a dataset with known noise', () => {
  // Each head is the true latency times exp(σz): the total's log spread is a little under σ.
  const sigma = 0.06;
  const fresh = syntheticLatencyRows(4000, { sigma, seed: 99 });

  it('holds 90 % of fresh rows, and its upper end 95 %, whatever the draw', () => {
    for (const seed of [1, 2, 3]) {
      const predictor = train(syntheticLatencyRows(2000, { sigma, seed }));
      const { inside, below95 } = coverage(predictor, fresh);
      // 200 calibration rows: the coverage itself varies by about ±2 points between draws.
      expect(inside).toBeGreaterThan(0.86);
      expect(inside).toBeLessThan(0.95);
      expect(below95).toBeGreaterThan(0.92);
      expect(below95).toBeLessThan(0.98);
      expect(predictor.provenance.intervalTest!.rows).toBe(200);
    }
  });

  it('is as wide as the noise: about ±1.645 σ of the total in log space', () => {
    const predictor = train(syntheticLatencyRows(2000, { sigma, seed: 4 }));
    const features = fresh.slice(0, 500).map((r) => r.features);
    const bounds = predictLatencyBounds(predictor, features)!;
    const halfWidths = features.map((_, i) => Math.log(bounds.highMs[i]! / bounds.lowMs[i]!) / 2).sort((a, b) => a - b);
    const median = halfWidths[250]!;
    // The sum of two log-normal heads has a log spread between σ/√2 and σ, depending on their shares.
    expect(median).toBeGreaterThan(1.645 * (sigma / Math.SQRT2) * 0.8);
    expect(median).toBeLessThan(1.645 * sigma * 1.2);
  });

  it('puts its upper end above drift: with a tenth of the rows 30 % slow, the 95 % bound still holds', () => {
    const slow = (i: number): boolean => i % 10 === 0;
    const predictor = train(syntheticLatencyRows(2000, { sigma: 0.03, seed: 5, slow, slowFactor: 1.3 }));
    const drifted = syntheticLatencyRows(3000, { sigma: 0.03, seed: 6, slow, slowFactor: 1.3 });
    const { inside, below95 } = coverage(predictor, drifted);
    expect(inside).toBeGreaterThan(0.86);
    expect(below95).toBeGreaterThan(0.92);
    // Asymmetric: the upper end reaches for the slow rows, the lower end stays near the noise.
    const [row] = drifted;
    const bounds = predictLatencyBounds(predictor, [row!.features])!;
    expect(bounds.highMs[0]! / bounds.latencyMs[0]!).toBeGreaterThan(1.15);
    expect(bounds.latencyMs[0]! / bounds.lowMs[0]!).toBeLessThan(1.1);
  });

  it('has no interval when too few rows are held out to calibrate one', () => {
    const result = trainCostPredictor({
      rows: syntheticLatencyRows(150, { sigma, seed: 7 }),
      seed: 1,
      datasetName: 'small',
      device: 'small',
      datasetSha256: '0'.repeat(64),
    });
    expect(result.predictor.interval).toBeUndefined();
    expect(result.intervalNote).toMatch(/15 held-out rows are too few/);
    expect(predictLatencyBounds(result.predictor, [[512, 6, 1024, 4, 512, 1, 1024, 4, 4, 1]])).toBeNull();
  });
});
