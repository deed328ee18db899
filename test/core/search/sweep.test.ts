import { describe, expect, it } from 'vitest';
import { budgetSeed, HatEvolution, HatSweep, runToEnd, type SweepReport } from '../../../src/core/search';
import { BUILTIN_SPACES, type SearchSpace } from '../../../src/core/space';
import { countingObjectives, throughJson } from './synthetic';

/** Two encoder and decoder layers, two choices a position: small enough that budgets meet the same configs. */
const space: SearchSpace = {
  ...BUILTIN_SPACES['hat-wmt']!,
  name: 'small',
  superEncoderLayers: 2,
  superDecoderLayers: 2,
  encoderFfnEmbedDimChoices: [1024, 2048],
  decoderFfnEmbedDimChoices: [1024, 2048],
  encoderLayerNumChoices: [2],
  decoderLayerNumChoices: [1, 2],
  decoderArbitraryEndeAttnChoices: [-1],
};
const SIZES = { population: 20, parents: 4, mutations: 8, crossovers: 8, iterations: 5, seed: 3 };
/** Synthetic latencies in this space run from about 30 to 75. */
const BUDGETS = [40, 50, 65];

describe('HAT budget sweep', () => {
  it('runs one constrained search per budget, each exactly as a separate run would, sharing one memo', async () => {
    const objectives = countingObjectives();
    const sweep = HatSweep.create(space, objectives, { ...SIZES, budgetsMs: BUDGETS });
    const last = await runToEnd(sweep);
    expect(last.done).toBe(true);
    expect(last.budgetResults.map((r) => r.budgetMs)).toEqual(BUDGETS);

    let separateValidations = 0;
    for (const [i, budgetMs] of BUDGETS.entries()) {
      const separate = await runToEnd(
        HatEvolution.create(space, countingObjectives(), { ...SIZES, seed: budgetSeed(3, i), maxLatencyMs: budgetMs }),
      );
      separateValidations += separate.counts.uniqueValidations;
      // Same config and objectives; only the generation tag counts across the sweep.
      const { generation: _sweepGeneration, ...inSweep } = last.budgetResults[i]!.best;
      const { generation: _ownGeneration, ...alone } = separate.best;
      expect(inSweep).toEqual(alone);
      expect(last.budgetResults[i]!.best.latencyMs).toBeLessThanOrEqual(budgetMs);
    }
    // A looser budget's search meets configs a tighter one already validated.
    const validated = objectives.lossBatches.flat();
    expect(new Set(validated).size).toBe(validated.length);
    expect(last.counts.uniqueValidations).toBe(validated.length);
    expect(last.counts.uniqueValidations).toBeLessThan(separateValidations);
    expect(last.counts.naiveValidations).toBe(20 * 5 * BUDGETS.length);
    // The loosest budget reaches a lower loss than the tightest.
    const losses = last.budgetResults.map((r) => r.best.validLoss);
    expect(losses[2]).toBeLessThan(losses[0]!);
  });

  it('reports the budget of every generation', async () => {
    const sweep = HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: BUDGETS });
    const seen: [number, number, number][] = [];
    while (!sweep.done) {
      const report: SweepReport = await sweep.step();
      seen.push([report.budgetIndex, report.budgetMs, report.generation]);
    }
    expect(seen).toEqual(BUDGETS.flatMap((ms, i) => [0, 1, 2, 3, 4].map((g) => [i, ms, g])));
    // Points count generations across the whole sweep, for colouring one chart.
    const { points, counts } = await runToEnd(
      HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: BUDGETS }),
    );
    expect(counts.scoredGenerations).toBe(15);
    expect(Math.max(...points.map((p) => p.generation))).toBeLessThanOrEqual(14);
    expect(points.some((p) => p.generation >= 10)).toBe(true);
  });

  it('resumes from a JSON checkpoint mid-budget and between budgets to the uninterrupted result', async () => {
    const uninterrupted = await runToEnd(
      HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: BUDGETS }),
    );
    for (const stopAfter of [3, 5, 11]) {
      const sweep = HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: BUDGETS });
      for (let i = 0; i < stopAfter; i++) await sweep.step();
      const resumed = HatSweep.resume(space, countingObjectives(), throughJson(sweep.checkpoint()));
      expect(await runToEnd(resumed)).toEqual(uninterrupted);
    }
  });

  it('refuses a checkpoint of another engine', async () => {
    const single = HatEvolution.create(space, countingObjectives(), { ...SIZES, maxLatencyMs: 50 });
    const checkpoint = throughJson(single.checkpoint()) as unknown as Parameters<typeof HatSweep.resume>[2];
    expect(() => HatSweep.resume(space, countingObjectives(), checkpoint)).toThrow(/expected a hat-sweep checkpoint/);
    const sweep = HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: BUDGETS });
    const wrong = throughJson(sweep.checkpoint()) as unknown as Parameters<typeof HatEvolution.resume>[2];
    expect(() => HatEvolution.resume(space, countingObjectives(), wrong)).toThrow(
      /expected a hat-evolution checkpoint/,
    );
  });

  it('refuses an empty or invalid budget list', () => {
    expect(() => HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: [] })).toThrow(/at least one/);
    expect(() => HatSweep.create(space, countingObjectives(), { ...SIZES, budgetsMs: [100, -1] })).toThrow(/-1/);
  });
});
