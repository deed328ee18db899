import { describe, expect, it } from 'vitest';
import { builtinSpace } from '../../core/space';
import { largestConfig, smallestConfig } from '../reference-configs';
import { subnetRuleAt, trainingConfigAt, trainingConfigsAt } from './subnet-schedule';

const space = builtinSpace('hat-wmt-latency')!;

describe('trainingConfigAt', () => {
  it('trains the largest SubTransformer during the warm start', () => {
    for (const step of [0, 1, 399]) expect(trainingConfigAt(space, step, 400, 1)).toEqual(largestConfig(space));
  });

  it('samples a reproducible, varied SubTransformer per update after it', () => {
    const steps = Array.from({ length: 20 }, (_, i) => 400 + i);
    const configs = steps.map((step) => JSON.stringify(trainingConfigAt(space, step, 400, 1)));
    expect(steps.map((step) => JSON.stringify(trainingConfigAt(space, step, 400, 1)))).toEqual(configs);
    expect(new Set(configs).size).toBeGreaterThan(15);
    expect(configs).not.toContain(JSON.stringify(largestConfig(space)));
  });

  it('samples from the first update without a warm start (HAT)', () => {
    expect(trainingConfigAt(space, 0, 0, 1)).not.toEqual(largestConfig(space));
  });
});

describe('trainingConfigsAt', () => {
  it("trains only the sampled SubTransformer under HAT's uniform rule", () => {
    expect(trainingConfigsAt(space, 500, 0, 1, 'uniform')).toEqual([trainingConfigAt(space, 500, 0, 1)]);
  });

  it('trains the largest, the smallest and the sampled one under the sandwich rule', () => {
    expect(trainingConfigsAt(space, 500, 0, 1, 'sandwich')).toEqual([
      largestConfig(space),
      smallestConfig(space),
      trainingConfigAt(space, 500, 0, 1),
    ]);
  });

  it('trains the largest alone during a warm start, whatever the rule', () => {
    expect(trainingConfigsAt(space, 10, 400, 1, 'sandwich')).toEqual([largestConfig(space)]);
  });
});

describe('subnetRuleAt', () => {
  const phases = [
    { fromStep: 0, rule: 'uniform' as const },
    { fromStep: 4906, rule: 'sandwich' as const },
  ];

  it('switches rule at the first update of each phase', () => {
    expect([0, 4905, 4906, 9000].map((step) => subnetRuleAt(step, phases))).toEqual([
      'uniform',
      'uniform',
      'sandwich',
      'sandwich',
    ]);
  });

  it('names the update no phase covers', () => {
    expect(() => subnetRuleAt(3, [{ fromStep: 10, rule: 'uniform' }])).toThrow(/update 3/);
  });
});
