import { describe, expect, it } from 'vitest';
import { parseLatencyCsvText } from '../../../src/core/dataset';
import { trainCostPredictor } from '../../../src/core/latency/cost-train';
import { predictLatencyBounds, type LatencyPredictor } from '../../../src/core/latency/predictor';
import { readHatLatency } from '../dataset/hat-latency-files';
import { HARDWARE, loadPublishedModels, summarise } from './published-models';

/**
 * HAT's 44 published SubTransformers are the test set of the latency predictor (nothing is fitted to them): this
 * keeps the benchmark's result (README, "Latency predictors") from regressing unnoticed.
 */
describe("HAT's published models", () => {
  const published = loadPublishedModels();
  const predictors = new Map<string, LatencyPredictor>();
  const predictorFor = (file: string): LatencyPredictor => {
    if (!predictors.has(file)) {
      const parsed = parseLatencyCsvText(readHatLatency(file));
      if (!parsed.ok) throw new Error(file);
      const rows = parsed.rows;
      predictors.set(
        file,
        trainCostPredictor({ rows, seed: 1, datasetName: file, device: file, datasetSha256: '0'.repeat(64) }).predictor,
      );
    }
    return predictors.get(file)!;
  };
  const predictions = published.map((model) => ({
    model,
    bounds: predictLatencyBounds(predictorFor(model.datasetFile), [model.features])!,
  }));

  it('are predicted better than by HAT’s own predictors on the Raspberry Pi, the TITAN Xp and overall', () => {
    const summary = (hardware?: string) => {
      const list = predictions.filter((p) => !hardware || p.model.hardware === hardware);
      const measured = list.map((p) => p.model.latencyMs);
      return {
        ours: summarise(
          list.map((p) => p.bounds.latencyMs[0]!),
          measured,
        ),
        hat: summarise(
          list.map((p) => p.model.hatOwnMs),
          measured,
        ),
      };
    };
    const [pi, xeon, titan] = HARDWARE.map(([hardware]) => summary(hardware));
    expect(pi!.ours.mape).toBeLessThan(pi!.hat.mape);
    expect(titan!.ours.mape).toBeLessThan(titan!.hat.mape);
    expect(summary().ours.mape).toBeLessThan(summary().hat.mape);
    // Not on the Xeon: every predictor, HAT's own included, under-predicts its published models by 8-10 %.
    expect(xeon!.ours.mape).toBeLessThan(xeon!.hat.mape + 0.01);
    expect(xeon!.ours.bias).toBeLessThan(-0.05);
  });

  it('lie at or below the upper end of the 90 % interval, all but one', () => {
    const below = predictions.filter((p) => p.model.latencyMs <= p.bounds.highMs[0]!).length;
    expect(below).toBeGreaterThanOrEqual(43);
  });
});
