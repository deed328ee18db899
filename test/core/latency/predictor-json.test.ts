import { describe, expect, it } from 'vitest';
import { parsePredictorJson, predictorToJson } from '../../../src/core/latency/json';
import { predictLatencyMs } from '../../../src/core/latency/predictor';
import { fakePredictor, syntheticRows } from './fixtures';

describe('predictor JSON', () => {
  it('round-trips to identical predictions and provenance', () => {
    const predictor = fakePredictor();
    const features = syntheticRows(30).map((r) => r.features);
    const parsed = parsePredictorJson(predictorToJson(predictor));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Array.from(predictLatencyMs(parsed.value, features))).toEqual(
      Array.from(predictLatencyMs(predictor, features)),
    );
    expect(parsed.value.provenance).toEqual(predictor.provenance);
    expect(JSON.parse(predictorToJson(predictor))).toMatchObject({
      format: 'hat-explorer/latency-predictor',
      version: 1,
    });
  });

  it('names the field that is wrong', () => {
    const good = JSON.parse(predictorToJson(fakePredictor()));
    const broken = (patch: object): string => JSON.stringify({ ...good, ...patch });
    const problems = (text: string): string[] => {
      const result = parsePredictorJson(text);
      return result.ok ? [] : result.problems.map((p) => p.field ?? '');
    };
    expect(problems('not json')).toEqual(['file']);
    expect(problems(broken({ format: 'other' }))).toEqual(['format']);
    expect(problems(broken({ version: 2 }))).toEqual(['version']);
    expect(problems(broken({ heads: 'total' }))).toContain('targetStats');
    expect(problems(broken({ layers: [{ ...good.layers[0], weights: [1, 2] }] }))).toEqual(['layers[0]']);
    expect(problems(broken({ provenance: { ...good.provenance, datasetSha256: 'xyz' } }))).toEqual(['provenance']);
  });
});
