import { describe, expect, it } from 'vitest';
import { fitLogCorrection } from '../../../src/core/latency/adapt';
import { detectOutliers } from '../../../src/core/latency/outliers';
import { predictLatencyMs } from '../../../src/core/latency/predictor';
import { fakePredictor, syntheticRows } from './fixtures';

describe('outlier and drift detection', () => {
  it('finds a block measured 30 % slow and counts its rows as outliers', () => {
    const rows = syntheticRows(1000, (i) => i >= 300 && i < 400);
    const report = detectOutliers(rows)!;
    expect(report.driftBlocks).toHaveLength(1);
    expect(report.driftBlocks[0]).toMatchObject({ start: 300, end: 400 });
    expect(report.driftBlocks[0]!.medianResidual).toBeCloseTo(Math.log(1.3), 1);
    expect(report.count).toBe(100);
    expect(report.rows.every((i) => i >= 300 && i < 400)).toBe(true);
  });

  it('reports nothing on clean data and declines tiny datasets', () => {
    const report = detectOutliers(syntheticRows(500))!;
    expect(report.count).toBe(0);
    expect(report.driftBlocks).toEqual([]);
    expect(detectOutliers(syntheticRows(50))).toBeUndefined();
  });
});

describe('few-shot log-space correction', () => {
  it('recovers a device that is uniformly 2.5x slower from 10 rows', () => {
    const base = fakePredictor();
    const features = syntheticRows(10).map((r) => r.features);
    const measured = Array.from(predictLatencyMs(base, features), (ms) => 2.5 * ms);
    for (const method of ['shift', 'affine'] as const) {
      const correction = fitLogCorrection(base, features, measured, method);
      const adapted = predictLatencyMs({ ...base, correction }, features);
      adapted.forEach((ms, i) => expect(ms / measured[i]!).toBeCloseTo(1, 6));
    }
  });
});
