import { describe, expect, it } from 'vitest';
import {
  parseBudgets,
  predictedLatencyRange,
  settingsForProfile,
  suggestedBudgetsMs,
} from '../../src/app/search-budgets';
import { settingsProblem, DEFAULT_SEARCH_SETTINGS } from '../../src/app/search-store';
import { builtinSpace } from '../../src/core/space';
import { fakeCostPredictor } from '../core/latency/fixtures';
import { predictor } from '../search-runtime/fakes';

describe('search panel helpers', () => {
  it('reads budgets typed as a list and refuses anything that is not a positive number', () => {
    expect(parseBudgets('120, 250.5  300')).toEqual([120, 250.5, 300]);
    expect(parseBudgets('')).toEqual([]);
    for (const bad of ['0', '-5', '1e3', 'fast', '12,abc']) expect(parseBudgets(bad), bad).toBeNull();
  });

  it('suggests budgets inside the predicted latency range of the space', () => {
    const range = predictedLatencyRange(predictor, 'hat-wmt')!;
    expect(range.minMs).toBeLessThan(range.medianMs);
    expect(range.medianMs).toBeLessThan(range.maxMs);
    const [one] = suggestedBudgetsMs(range, 'hat');
    expect(one! / range.medianMs).toBeCloseTo(1, 2);
    const sweep = suggestedBudgetsMs(range, 'sweep');
    expect(sweep).toHaveLength(3);
    expect([...sweep].sort((a, b) => a - b)).toEqual(sweep);
    expect(suggestedBudgetsMs(range, 'nsga2')).toEqual([]);
    expect(predictedLatencyRange(predictor, 'no-such-space')).toBeNull();
  });

  it('spans the upper bounds under a confidence rule, and the point predictions without an interval', () => {
    const cost = fakeCostPredictor();
    const point = predictedLatencyRange(cost, 'hat-wmt')!;
    const safe = predictedLatencyRange(cost, 'hat-wmt', 0.95)!;
    expect(safe.minMs).toBeGreaterThan(point.minMs);
    expect(safe.medianMs).toBeGreaterThan(point.medianMs);
    // A version-1 predictor has no interval: the range stays the point predictions'.
    expect(predictedLatencyRange(predictor, 'hat-wmt', 0.95)).toEqual(predictedLatencyRange(predictor, 'hat-wmt'));
    const chosen = settingsForProfile('c', cost, { space: 'hat-wmt', algorithm: 'hat', latencyConfidence: 0.95 });
    expect(chosen.budgetsMs![0]! / safe.medianMs).toBeCloseTo(1, 2);
  });

  it('chooses a profile with budgets from its own predicted range', () => {
    const median = predictedLatencyRange(predictor, 'hat-wmt')!.medianMs;
    const chosen = settingsForProfile('p', predictor, { space: 'hat-wmt', algorithm: 'hat' });
    expect(chosen.profileId).toBe('p');
    expect(chosen.budgetsMs![0]! / median).toBeCloseTo(1, 2);
    // No predictor (or no such space): the budgets the user has stay.
    expect(settingsForProfile('q', undefined, { space: 'hat-wmt', algorithm: 'hat' })).toEqual({ profileId: 'q' });
    expect(settingsForProfile('q', predictor, { space: 'nope', algorithm: 'hat' })).toEqual({ profileId: 'q' });
    // An imported checkpoint's own space travels as its definition.
    const tiny = { ...builtinSpace('hat-wmt')!, name: 'checkpoint tiny.pt', encoderEmbedChoices: [512] };
    const own = settingsForProfile('p', predictor, { space: tiny.name, spaceDefinition: tiny, algorithm: 'hat' });
    expect(own.budgetsMs![0]! / predictedLatencyRange(predictor, tiny)!.medianMs).toBeCloseTo(1, 2);
  });

  it('says why settings cannot start', () => {
    const ok = { ...DEFAULT_SEARCH_SETTINGS, profileId: 'p' };
    expect(settingsProblem(ok)).toBeNull();
    expect(settingsProblem(DEFAULT_SEARCH_SETTINGS)).toMatch(/latency profile/);
    expect(settingsProblem({ ...ok, budgetsMs: [] })).toMatch(/budget/);
    expect(settingsProblem({ ...ok, algorithm: 'nsga2', budgetsMs: [] })).toBeNull();
    expect(settingsProblem({ ...ok, parents: 1, crossovers: 3 })).toMatch(/2 parents/);
    expect(settingsProblem({ ...ok, population: 1 })).toMatch(/population/);
  });
});
