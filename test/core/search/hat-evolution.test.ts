import { describe, expect, it } from 'vitest';
import { configKey } from '../../../src/core/config';
import { decodeGene } from '../../../src/core/gene';
import {
  HatEvolution,
  hatProportions,
  HAT_EVOLUTION_DEFAULTS,
  LatencyConstraintError,
  lossLatencyFront,
  runSearch,
  runToEnd,
  toEstimate,
  type GenerationReport,
} from '../../../src/core/search';
import { BUILTIN_SPACES } from '../../../src/core/space';
import { countingObjectives, syntheticLatencyMs, throughJson } from './synthetic';

const wmt = BUILTIN_SPACES['hat-wmt']!;
/** A small HAT run: same procedure, a fifth of the sizes. */
const SMALL = { population: 25, parents: 5, mutations: 10, crossovers: 10, iterations: 8, seed: 11, maxLatencyMs: 120 };

async function reports(engine: HatEvolution): Promise<GenerationReport[]> {
  const all: GenerationReport[] = [];
  for await (const report of runSearch(engine)) all.push(report);
  return all;
}

describe('HAT constrained evolution', () => {
  it('uses HAT’s settings by default', () => {
    expect(HAT_EVOLUTION_DEFAULTS).toMatchObject({
      population: 125,
      parents: 25,
      mutations: 50,
      crossovers: 50,
      mutationProb: 0.3,
      iterations: 30,
    });
    expect(HatEvolution.create(wmt, countingObjectives(), { maxLatencyMs: 100 }).settings.population).toBe(125);
    expect(hatProportions(125)).toEqual({ population: 125, parents: 25, mutations: 50, crossovers: 50 });
    expect(hatProportions(20)).toEqual({ population: 20, parents: 4, mutations: 8, crossovers: 8 });
  });

  it('keeps every population member and the result within the latency constraint', async () => {
    const engine = HatEvolution.create(wmt, countingObjectives(), SMALL);
    await engine.init();
    while (!engine.done) {
      const population = engine.checkpoint().state.population;
      expect(population).toHaveLength(25);
      for (const gene of population) expect(syntheticLatencyMs(decodeGene(gene, wmt))).toBeLessThanOrEqual(120);
      const report = await engine.step();
      expect(report.best.latencyMs).toBeLessThanOrEqual(120);
      expect(syntheticLatencyMs(report.best.config)).toBe(report.best.latencyMs);
    }
    // The constraint binds: unconstrained samples are often slower than the budget.
    const slowest = Math.max(...engine.checkpoint().memo.latencyMs.map(([, ms]) => toEstimate(ms).latencyMs));
    expect(slowest).toBeGreaterThan(120);
  });

  it('never loses its best config (parents survive) and improves on the initial population', async () => {
    const all = await reports(HatEvolution.create(wmt, countingObjectives(), SMALL));
    expect(all.map((r) => r.generation)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const losses = all.map((r) => r.best.validLoss);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThanOrEqual(losses[i - 1]!);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]!);
    const last = all[all.length - 1]!;
    expect(last.done).toBe(true);
    // The result is on the front of everything evaluated (loss is the only fitness under one budget).
    const feasibleBest = Math.min(...last.points.filter((p) => p.latencyMs <= 120).map((p) => p.validLoss));
    expect(last.best.validLoss).toBe(feasibleBest);
    expect(last.front.map((p) => p.key)).toContain(last.best.key);
    // The memo's running front is the front of every point, recomputed from scratch.
    for (const report of all) expect(report.front).toEqual(lossLatencyFront(report.points));
  });

  it('tags every point with the generation that first validated it', async () => {
    let before = 0;
    for (const report of await reports(HatEvolution.create(wmt, countingObjectives(), SMALL))) {
      const added = report.points.slice(before);
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((p) => p.generation === report.generation)).toBe(true);
      before = report.points.length;
    }
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const first = await runToEnd(HatEvolution.create(wmt, countingObjectives(), SMALL));
    const again = await runToEnd(HatEvolution.create(wmt, countingObjectives(), SMALL));
    const other = await runToEnd(HatEvolution.create(wmt, countingObjectives(), { ...SMALL, seed: 12 }));
    expect(again).toEqual(first);
    expect(other.points.map((p) => p.key)).not.toEqual(first.points.map((p) => p.key));
  });

  it('validates each config once, and counts HAT’s naive re-scoring of every population', async () => {
    const objectives = countingObjectives();
    const last = await runToEnd(HatEvolution.create(wmt, objectives, SMALL));
    const validated = objectives.lossBatches.flat();
    expect(new Set(validated).size).toBe(validated.length);
    expect(objectives.lossBatches).toHaveLength(8); // one batch call per generation
    const predicted = objectives.latencyBatches.flat();
    expect(new Set(predicted).size).toBe(predicted.length);
    expect(last.counts.uniqueValidations).toBe(validated.length);
    expect(last.points).toHaveLength(validated.length);
    expect(last.counts.naiveValidations).toBe(25 * 8);
    expect(last.counts.scoredGenerations).toBe(8);
    // The parents alone are 5 re-scorings per generation after the first.
    expect(last.counts.uniqueValidations).toBeLessThanOrEqual(25 * 8 - 5 * 7);
    expect(last.counts.naiveLatencyPredictions).toBeGreaterThanOrEqual(25 + 20 * 7);
    expect(new Set(last.points.map((p) => configKey(p.config))).size).toBe(last.points.length);
  });

  it('resumes from a JSON checkpoint to exactly the uninterrupted result', async () => {
    const uninterrupted = await runToEnd(HatEvolution.create(wmt, countingObjectives(), SMALL));
    for (const stopAfter of [0, 1, 5]) {
      const engine = HatEvolution.create(wmt, countingObjectives(), SMALL);
      await engine.init();
      for (let i = 0; i < stopAfter; i++) await engine.step();
      const checkpoint = throughJson(engine.checkpoint());
      const objectives = countingObjectives();
      const resumed = HatEvolution.resume(wmt, objectives, checkpoint);
      const last = await runToEnd(resumed);
      expect(last).toEqual(uninterrupted);
      // Nothing evaluated before the checkpoint is sent to the objectives again.
      const before = new Set(checkpoint.memo.points.map((p) => configKey(decodeGene(p.gene, wmt))));
      expect(objectives.lossBatches.flat().some((key) => before.has(key))).toBe(false);
    }
  });

  it('fails with a clear error when nothing meets the constraint', async () => {
    const engine = HatEvolution.create(wmt, countingObjectives(), { ...SMALL, maxLatencyMs: 10, maxCandidates: 2000 });
    await expect(engine.step()).rejects.toThrow(LatencyConstraintError);
    await expect(engine.step()).rejects.toThrow(/latency constraint of 10 ms.*smallest predicted latency was/);
  });

  it('fails cleanly, naming the stage, when no child meets the constraint', async () => {
    // Only the first 25 configs ever predicted (the initial population) are fast; every new child is too slow.
    let predicted = 0;
    const objectives = countingObjectives(() => (++predicted <= 25 ? 50 : 500));
    const engine = HatEvolution.create(wmt, objectives, { ...SMALL, maxLatencyMs: 100, maxCandidates: 500 });
    const attempt = engine.step();
    await expect(attempt).rejects.toThrow(/latency constraint of 100 ms while mutating: 500 candidates tried/);
    await expect(attempt).rejects.toThrow(/smallest predicted latency was 500\.00 ms/);
  });

  it('refuses settings out of range', () => {
    const make = (extra: object) => () => HatEvolution.create(wmt, countingObjectives(), { ...SMALL, ...extra });
    expect(make({ parents: 30 })).toThrow(/parents/);
    expect(make({ parents: 1 })).toThrow(/2 parents/);
    expect(make({ mutationProb: 1.5 })).toThrow(/mutationProb/);
    expect(make({ maxLatencyMs: 0 })).toThrow(/latency constraint/);
    expect(make({ iterations: 0 })).toThrow(/iterations/);
  });
});
