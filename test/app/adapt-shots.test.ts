import { describe, expect, it } from 'vitest';
import { splitIndices } from '../../src/core/latency/split';
import { adaptShotCounts, MIN_ROWS_TO_ADAPT, MIN_SHOTS } from '../../src/app/adapt-shots';
import { adaptPredictor } from '../../src/core/latency/adapt-predictor';
import { fakeCostPredictor } from '../core/latency/fixtures';
import { syntheticLatencyRows } from '../core/latency/synthetic-latency';

describe('shots offered for few-shot adaptation', () => {
  it('offers 10, 20 and 50 where the training split has them, and all rows of a small measured profile', () => {
    expect(adaptShotCounts(1600)).toEqual([10, 20, 50]);
    expect(adaptShotCounts(30)).toEqual([10, 20]);
    expect(adaptShotCounts(7)).toEqual([7]);
    expect(adaptShotCounts(4)).toEqual([]);
  });

  it('names the fewest rows a measured profile needs: enough shots and one test row', () => {
    const split = splitIndices(MIN_ROWS_TO_ADAPT, 1);
    expect(split.train.length).toBeGreaterThanOrEqual(MIN_SHOTS);
    expect(split.test.length).toBeGreaterThan(0);
    const smaller = splitIndices(MIN_ROWS_TO_ADAPT - 1, 1);
    expect(smaller.train.length < MIN_SHOTS || smaller.test.length === 0).toBe(true);
  });

  it('adapts from a small measured profile: all of its training rows as shots, scored on what is left', () => {
    const measured = syntheticLatencyRows(MIN_ROWS_TO_ADAPT, {
      sigma: 0.03,
      seed: 37,
      costs: { encoder: [4, 1, 4e-3, 8e-7, 0.6], decoder: [10, 0.1, 16, 0.06, 2e-5, 0.8, 0.8, 3, 4e-3] },
    });
    const k = adaptShotCounts(splitIndices(measured.length, 1).train.length)[0]!;
    const adapted = adaptPredictor({
      base: fakeCostPredictor(),
      targetRows: measured,
      targetName: 'This device, wasm (hat-wmt-latency)',
      targetDevice: 'This device',
      targetSha256: 'd'.repeat(64),
      k,
      seed: 1,
    });
    expect(adapted.provenance.adaptation!.k).toBe(k);
    expect(adapted.provenance.metrics.test.rows).toBeGreaterThan(0);
    expect(adapted.interval).toBeDefined();
  });
});
