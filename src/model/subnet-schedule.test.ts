import { describe, expect, it } from 'vitest';
import { builtinSpace } from '../core/space';
import { largestConfig } from './reference-configs';
import { trainingConfigAt } from './subnet-schedule';

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
