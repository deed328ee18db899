import { describe, expect, it } from 'vitest';
import { parsePredictorJson, predictorToJson } from '../../../src/core/latency/json';
import { predictLatencyBounds, predictLatencyMs, type LatencyPredictor } from '../../../src/core/latency/predictor';
import { fakeCostPredictor, fakePredictor, syntheticRows } from './fixtures';

const features = syntheticRows(30).map((r) => r.features);

function roundTrip(predictor: LatencyPredictor): LatencyPredictor {
  const parsed = parsePredictorJson(predictorToJson(predictor));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

/** A version-1 file as this app wrote them before intervals: the MLP's fields at the top level. */
function versionOneJson(predictor: LatencyPredictor): string {
  const current = JSON.parse(predictorToJson(predictor));
  const { model, interval: _interval, ...rest } = current;
  const { kind: _kind, ...mlp } = model;
  return JSON.stringify({ ...rest, version: 1, ...mlp });
}

describe('predictor JSON', () => {
  it('round-trips both kinds of model to identical predictions, intervals and provenance (version 2)', () => {
    for (const predictor of [fakePredictor(), fakeCostPredictor()]) {
      const parsed = roundTrip(predictor);
      expect(Array.from(predictLatencyMs(parsed, features))).toEqual(Array.from(predictLatencyMs(predictor, features)));
      expect(parsed.provenance).toEqual(predictor.provenance);
      expect(parsed.interval).toEqual(predictor.interval);
      expect(JSON.parse(predictorToJson(predictor))).toMatchObject({
        format: 'hat-explorer/latency-predictor',
        version: 2,
        model: { kind: predictor.model.kind },
      });
    }
    const cost = roundTrip(fakeCostPredictor());
    const bounds = predictLatencyBounds(cost, features)!;
    expect(bounds.highMs[0]).toBeGreaterThan(bounds.latencyMs[0]!);
    expect(bounds.lowMs[0]).toBeLessThan(bounds.latencyMs[0]!);
  });

  it('still reads version-1 files: the same predictions, and no interval', () => {
    const mlp = fakePredictor();
    const parsed = parsePredictorJson(versionOneJson(mlp));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(Array.from(predictLatencyMs(parsed.value, features))).toEqual(Array.from(predictLatencyMs(mlp, features)));
    expect(parsed.value.interval).toBeUndefined();
    expect(predictLatencyBounds(parsed.value, features)).toBeNull();
  });

  it('names the field that is wrong', () => {
    const good = JSON.parse(predictorToJson(fakePredictor()));
    const cost = JSON.parse(predictorToJson(fakeCostPredictor()));
    const v1 = JSON.parse(versionOneJson(fakePredictor()));
    const broken = (base: object, patch: object): string => JSON.stringify({ ...base, ...patch });
    const problems = (text: string): string[] => {
      const result = parsePredictorJson(text);
      return result.ok ? [] : result.problems.map((p) => p.field ?? '');
    };
    expect(problems('not json')).toEqual(['file']);
    expect(problems(broken(good, { format: 'other' }))).toEqual(['format']);
    expect(problems(broken(good, { version: 3 }))).toEqual(['version']);
    expect(problems(broken(good, { model: { ...good.model, heads: 'total' } }))).toContain('model.targetStats');
    expect(
      problems(broken(good, { model: { ...good.model, layers: [{ ...good.model.layers[0], weights: [1, 2] }] } })),
    ).toEqual(['model.layers[0]']);
    expect(problems(broken(good, { model: { ...good.model, kind: 'forest' } }))).toEqual(['model.kind']);
    expect(problems(broken(cost, { model: { ...cost.model, decoder: [1, 2] } }))).toEqual(['model']);
    expect(problems(broken(cost, { model: { ...cost.model, terms: { encoder: ['x'], decoder: [] } } }))).toEqual([
      'model.terms',
    ]);
    expect(problems(broken(cost, { interval: { ...cost.interval, scores: [2, 1] } }))).toEqual(['interval']);
    expect(problems(broken(cost, { interval: { ...cost.interval, distance: { reference: 1 } } }))).toEqual([
      'interval',
    ]);
    expect(problems(broken(good, { provenance: { ...good.provenance, datasetSha256: 'xyz' } }))).toEqual([
      'provenance',
    ]);
    expect(problems(broken(v1, { layers: [{ ...v1.layers[0], weights: [1, 2] }] }))).toEqual(['layers[0]']);
  });
});
