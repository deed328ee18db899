import { beforeAll, describe, expect, it } from 'vitest';
import { parseLatencyCsvText } from '../../src/core/dataset/index';
import { predictLatencyMs } from '../../src/core/latency/predictor';
import { trainHatRecipe } from '../../src/latency-predictor/hat-recipe';
import { selectNodeTfBackend } from '../../src/tfjs/node-backend';
import { trainMlpPredictor } from '../../src/latency-predictor/train';
import { readHatLatency } from '../core/dataset/hat-latency-files';

const parsed = parseLatencyCsvText(readHatLatency('wmt14ende_gpu_titanxp_all.csv'));
if (!parsed.ok) throw new Error('fixture');
// 400 rows and 300 steps: enough to exercise the whole path in a few seconds.
const rows = parsed.rows.slice(0, 400);
const quick = { maxSteps: 300, hidden: [32, 32] };

beforeAll(async () => {
  await selectNodeTfBackend();
});

describe('predictor training details', () => {
  it('is reproducible: same rows and seed give the same weights and predictions', { timeout: 60_000 }, async () => {
    const input = { rows, seed: 7, datasetName: 'x.csv', device: 'x', datasetSha256: '0'.repeat(64), recipe: quick };
    const progress: number[] = [];
    const a = await trainMlpPredictor({ ...input, onProgress: (p) => progress.push(p.step) });
    const b = await trainMlpPredictor(input);
    const features = rows.slice(0, 50).map((r) => r.features);
    expect(Array.from(predictLatencyMs(a.predictor, features))).toEqual(
      Array.from(predictLatencyMs(b.predictor, features)),
    );
    expect(a.predictor.provenance.metrics.test).toEqual(b.predictor.provenance.metrics.test);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((step) => step % 100 === 0)).toBe(true);
    expect(a.predictor.provenance).toMatchObject({
      splitSeed: 7,
      rows: 400,
      split: { train: 320, valid: 40, test: 40 },
    });
  });

  it(
    "runs HAT's recipe on the same split (a few steps here; the bench runs all 5000)",
    { timeout: 60_000 },
    async () => {
      const result = await trainHatRecipe(rows, 7, 200, 20);
      expect(result.test.rows).toBe(40);
      expect(result.testPredictedMs).toHaveLength(40);
      expect(Number.isFinite(result.test.mape)).toBe(true);
    },
  );

  it('refuses a dataset too small to split', async () => {
    await expect(
      trainMlpPredictor({ rows: rows.slice(0, 5), seed: 1, datasetName: 'x', device: 'x', datasetSha256: '' }),
    ).rejects.toThrow(/too few to split/);
  });
});
