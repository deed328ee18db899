import { describe, expect, it } from 'vitest';
import type { SubTransformerConfig } from '../../../src/core/config';
import {
  constrainedLatencyMs,
  HatEvolution,
  Nsga2Search,
  ObjectiveError,
  runToEnd,
  type SearchObjectives,
} from '../../../src/core/search';
import { BUILTIN_SPACES } from '../../../src/core/space';
import { syntheticLatencyMs, syntheticValidLoss } from './synthetic';

const wmt = BUILTIN_SPACES['hat-wmt']!;
const SMALL = { population: 20, parents: 4, mutations: 8, crossovers: 8, iterations: 4, seed: 3 };

/** Estimates whose upper bound is 25 % above the point, as a calibrated predictor's would be. */
const withBounds = (upperFactor = 1.25): SearchObjectives => ({
  latencyMs: async (configs) =>
    configs.map((c) => {
      const ms = syntheticLatencyMs(c);
      return { latencyMs: ms, lowMs: 0.9 * ms, highMs: 1.2 * ms, upperMs: upperFactor * ms };
    }),
  validLoss: async (configs) => configs.map(syntheticValidLoss),
});

describe('the budget rule', () => {
  it('checks the point prediction without a confidence and the upper bound with one', () => {
    const estimate = { latencyMs: 100, upperMs: 130 };
    expect(constrainedLatencyMs(estimate, null)).toBe(100);
    expect(constrainedLatencyMs(estimate, 0.95)).toBe(130);
    expect(() => constrainedLatencyMs({ latencyMs: 100 }, 0.95)).toThrow(ObjectiveError);
  });

  it('keeps every config of a HAT search within the budget at its upper bound, and stays stricter than the point rule', async () => {
    const budget = 150;
    const safe = HatEvolution.create(wmt, withBounds(), { ...SMALL, maxLatencyMs: budget, latencyConfidence: 0.95 });
    const final = await runToEnd(safe);
    for (const point of final.points) {
      expect(point.latencyUpperMs).toBeLessThanOrEqual(budget);
      expect(point.latencyMs * 1.25).toBeCloseTo(point.latencyUpperMs!, 9);
      expect(point.latencyLowMs).toBeCloseTo(0.9 * point.latencyMs, 9);
    }
    const point = await runToEnd(HatEvolution.create(wmt, withBounds(), { ...SMALL, maxLatencyMs: budget }));
    // The point rule accepts configs the confidence rule rejects: between budget/1.25 and the budget.
    expect(point.points.some((p) => p.latencyMs > budget / 1.25)).toBe(true);
    expect(Math.max(...final.points.map((p) => p.latencyMs))).toBeLessThanOrEqual(budget / 1.25 + 1e-9);
    expect(point.best.validLoss).toBeLessThanOrEqual(final.best.validLoss);
  });

  it('resumes a confidence run from its checkpoint with the bounds intact', async () => {
    const settings = { ...SMALL, maxLatencyMs: 150, latencyConfidence: 0.9 };
    const engine = HatEvolution.create(wmt, withBounds(), settings);
    await engine.step();
    const checkpoint = JSON.parse(JSON.stringify(engine.checkpoint()));
    const resumed = HatEvolution.resume(wmt, withBounds(), checkpoint);
    const report = await resumed.step();
    expect(report.points.every((p) => p.latencyUpperMs !== undefined && p.latencyUpperMs <= 150)).toBe(true);
    expect(resumed.settings.latencyConfidence).toBe(0.9);
  });

  it('caps NSGA-II at the upper bound too, and refuses a confidence outside [0.5, 1)', async () => {
    const final = await runToEnd(
      Nsga2Search.create(wmt, withBounds(), {
        population: 12,
        generations: 3,
        seed: 2,
        maxLatencyMs: 160,
        latencyConfidence: 0.95,
      }),
    );
    expect(final.points.every((p) => p.latencyUpperMs! <= 160)).toBe(true);
    expect(() => HatEvolution.create(wmt, withBounds(), { ...SMALL, maxLatencyMs: 150, latencyConfidence: 1 })).toThrow(
      /confidence must be in \[0.5, 1\)/,
    );
  });

  it('fails clearly when a confidence rule meets a predictor with no upper bound', async () => {
    const plain: SearchObjectives = {
      latencyMs: async (configs: readonly SubTransformerConfig[]) => configs.map(syntheticLatencyMs),
      validLoss: async (configs) => configs.map(syntheticValidLoss),
    };
    const engine = HatEvolution.create(wmt, plain, { ...SMALL, maxLatencyMs: 150, latencyConfidence: 0.95 });
    await expect(engine.step()).rejects.toThrow(/95 % confidence, but the latency predictor gave no upper bound/);
  });
});
