import { describe, expect, it } from 'vitest';
import type { SubTransformerConfig } from '../../../src/core/config';
import { validateSpace, type SearchSpace } from '../../../src/core/space';
import { BUILTIN_SPACES } from '../../../src/core/space';
import {
  hypervolume2d,
  lossLatencyFront,
  NSGA2_DEFAULTS,
  Nsga2Search,
  runSearch,
  runToEnd,
  type GenerationReport,
} from '../../../src/core/search';
import { countingObjectives, throughJson } from './synthetic';

/** A small space (8,192 genes) whose front under the objectives below is known in closed form. */
const TINY: SearchSpace = {
  ...BUILTIN_SPACES['hat-wmt']!,
  name: 'tiny',
  superEncoderLayers: 2,
  superDecoderLayers: 2,
  encoderFfnEmbedDimChoices: [1024, 2048],
  decoderFfnEmbedDimChoices: [1024, 2048],
  encoderLayerNumChoices: [2],
  decoderLayerNumChoices: [1, 2],
  decoderArbitraryEndeAttnChoices: [-1],
};

const used = (values: number[], layers: number): number[] => values.slice(0, layers);
const count = (values: number[], wanted: number): number => values.filter((x) => x === wanted).length;

/** Capacity k in 0..7: wide FFNs, wide embeddings and the second decoder layer each add one. */
function capacity(c: SubTransformerConfig): number {
  const { encoder: e, decoder: d } = c;
  return (
    count(used(e.ffnEmbedDims, e.layerNum), 2048) +
    count(used(d.ffnEmbedDims, d.layerNum), 2048) +
    (e.embedDim === 640 ? 1 : 0) +
    (d.embedDim === 640 ? 1 : 0) +
    (d.layerNum - 1)
  );
}

/** Wasted latency: 8-head layers cost time and buy no accuracy. */
function waste(c: SubTransformerConfig): number {
  const { encoder: e, decoder: d } = c;
  return count([...e.selfAttentionHeads, ...d.selfAttentionHeads, ...d.endeAttentionHeads], 8);
}

const tinyLatency = (c: SubTransformerConfig): number => 10 + 3 * capacity(c) + waste(c);
const tinyLoss = (c: SubTransformerConfig): number => 1 / (1 + capacity(c));
/** Any waste costs latency at equal loss, so the front is waste-free: (10 + 3k, 1 / (1 + k)) for k = 0..7. */
const KNOWN_FRONT = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => [10 + 3 * k, 1 / (1 + k)]);

const SMALL = { population: 24, generations: 25, seed: 5 };

/** The distinct objective pairs of a front: distinct configs may tie exactly, and all of them stay on it. */
const frontValues = (r: GenerationReport): number[][] => [
  ...new Map(r.front.map((p) => [`${p.latencyMs},${p.validLoss}`, [p.latencyMs, p.validLoss]])).values(),
];

describe('NSGA-II', () => {
  it('has a valid test space and HAT-sized defaults', () => {
    expect(validateSpace(TINY)).toEqual([]);
    expect(NSGA2_DEFAULTS).toMatchObject({ population: 125, generations: 30, mutationProb: 0.3, maxLatencyMs: null });
  });

  it('recovers a known front in one run, with fewer validations than the space has configs', async () => {
    const objectives = countingObjectives(tinyLatency, tinyLoss);
    const last = await runToEnd(Nsga2Search.create(TINY, objectives, SMALL));
    expect(frontValues(last)).toEqual(KNOWN_FRONT);
    expect(last.front.every((p) => waste(p.config) === 0)).toBe(true);
    expect(last.counts.uniqueValidations).toBeLessThan(24 * 25);
    const validated = objectives.lossBatches.flat();
    expect(new Set(validated).size).toBe(validated.length);
  });

  it('finds more of the front than as many random samples', async () => {
    const reference: [number, number] = [40, 1.1];
    const search = await runToEnd(Nsga2Search.create(TINY, countingObjectives(tinyLatency, tinyLoss), SMALL));
    // Random sampling at the same number of validations: NSGA-II's first generation is exactly that.
    const random = await runToEnd(
      Nsga2Search.create(TINY, countingObjectives(tinyLatency, tinyLoss), {
        population: search.counts.uniqueValidations,
        generations: 1,
        seed: 5,
      }),
    );
    const volume = (r: GenerationReport): number =>
      hypervolume2d(
        r.front.map((p) => [p.latencyMs, p.validLoss]),
        reference,
      );
    const optimum = hypervolume2d(KNOWN_FRONT as [number, number][], reference);
    expect(volume(search)).toBeCloseTo(optimum, 12);
    expect(volume(random)).toBeLessThan(optimum);
  });

  it('reports a front that is the Pareto front of every evaluated point, every generation', async () => {
    const engine = Nsga2Search.create(TINY, countingObjectives(tinyLatency, tinyLoss), { ...SMALL, generations: 4 });
    for await (const report of runSearch(engine)) {
      expect(report.front).toEqual(lossLatencyFront(report.points));
      expect(report.best.validLoss).toBe(Math.min(...report.points.map((p) => p.validLoss)));
    }
  });

  it('is deterministic and resumes from a JSON checkpoint to the uninterrupted result', async () => {
    const make = () =>
      Nsga2Search.create(TINY, countingObjectives(tinyLatency, tinyLoss), { ...SMALL, generations: 8 });
    const uninterrupted = await runToEnd(make());
    expect(await runToEnd(make())).toEqual(uninterrupted);
    for (const stopAfter of [0, 1, 4]) {
      const engine = make();
      await engine.init();
      for (let i = 0; i < stopAfter; i++) await engine.step();
      const resumed = Nsga2Search.resume(
        TINY,
        countingObjectives(tinyLatency, tinyLoss),
        throughJson(engine.checkpoint()),
      );
      expect(await runToEnd(resumed)).toEqual(uninterrupted);
    }
  });

  it('keeps every evaluated config under an optional latency cap', async () => {
    const last = await runToEnd(
      Nsga2Search.create(TINY, countingObjectives(tinyLatency, tinyLoss), {
        ...SMALL,
        generations: 6,
        maxLatencyMs: 22,
      }),
    );
    expect(last.points.every((p) => p.latencyMs <= 22)).toBe(true);
    expect(frontValues(last)).toEqual(KNOWN_FRONT.filter(([ms]) => ms! <= 22));
  });

  it('refuses settings out of range', () => {
    const objectives = countingObjectives(tinyLatency, tinyLoss);
    expect(() => Nsga2Search.create(TINY, objectives, { population: 1 })).toThrow(/population/);
    expect(() => Nsga2Search.create(TINY, objectives, { crossoverFraction: 2 })).toThrow(/crossoverFraction/);
    expect(() => Nsga2Search.create(TINY, objectives, { maxLatencyMs: -5 })).toThrow(/latency constraint/);
  });
});
