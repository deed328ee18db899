import { describe, expect, it } from 'vitest';
import { parseLatencyCsvText } from '../../src/core/dataset';
import { deviceFromFileName } from '../../src/core/latency/device';
import { datasetSha256 } from '../../src/core/latency/hash';
import { HAT_BUILTIN_DATASETS, HAT_PREDICTOR_SEED } from '../../src/core/latency/hat-datasets';
import { computeMetrics } from '../../src/core/latency/metrics';
import { DEFAULT_SPLIT_SEED } from '../../src/core/latency/split';
import { testSplitPoints } from '../../src/core/latency/test-points';
import {
  predictorDifferences,
  readShippedPredictor,
  trainShippedPredictor,
} from '../../scripts/hat-predictors/shipped';
import { readHatLatency } from '../core/dataset/hat-latency-files';

/**
 * The predictors that ship with HAT's built-in profiles (public/hat-latency/predictors/) are what
 * `npm run hat-predictors` produces: trained on the shipped CSV with the app's seed, named by device and task, and
 * their recorded metrics are those of the shipped weights.
 */
describe.each(HAT_BUILTIN_DATASETS)('the shipped predictor of $fileName', ({ fileName, sha256 }) => {
  const parsed = parseLatencyCsvText(readHatLatency(fileName));
  if (!parsed.ok) throw new Error(`${fileName} does not parse`);
  const rows = parsed.rows;

  it('names its dataset, the dataset’s hash, the app’s seed and the profile’s name', async () => {
    const { provenance } = await readShippedPredictor(fileName);
    expect(await datasetSha256(rows)).toBe(sha256);
    expect(provenance).toMatchObject({
      datasetName: fileName,
      datasetSha256: sha256,
      device: deviceFromFileName(fileName),
      rows: 2000,
      splitSeed: DEFAULT_SPLIT_SEED,
      split: { train: 1600, valid: 200, test: 200 },
    });
  });

  it('records the test metrics its own weights give on the shipped CSV', async () => {
    const predictor = await readShippedPredictor(fileName);
    const { predictedMs, measuredMs } = testSplitPoints(predictor, rows);
    const metrics = computeMetrics(predictedMs, measuredMs);
    for (const key of ['rmseMs', 'mape', 'within10', 'kendallTau'] as const) {
      expect(metrics[key]).toBeCloseTo(predictor.provenance.metrics.test[key], 12);
    }
  });
});

describe('npm run hat-predictors', () => {
  it('trains with the app’s seed', () => {
    expect(HAT_PREDICTOR_SEED).toBe(DEFAULT_SPLIT_SEED);
  });

  // The smallest training of the five (a few seconds); `npm run hat-predictors -- --check` retrains all five.
  it('reproduces the shipped IWSLT predictor exactly', async () => {
    const file = 'iwslt14deen_gpu_titanxp_all.csv';
    const fresh = await trainShippedPredictor(file);
    expect(predictorDifferences(await readShippedPredictor(file), fresh)).toEqual([]);
  }, 120_000);
});
