import { describe, expect, it } from 'vitest';
import { phaseAt } from './training-phases';

describe('phaseAt', () => {
  const phases = [
    { fromStep: 0, rateScale: 1, restart: false },
    { fromStep: 6806, rateScale: 0.2, restart: true },
  ];

  it('switches phase at the first update of the next one', () => {
    expect([0, 6805, 6806, 9000].map((step) => phaseAt(step, phases, 'encoder phase').rateScale)).toEqual([
      1, 1, 0.2, 0.2,
    ]);
  });

  it('names the update no phase covers', () => {
    expect(() => phaseAt(5, [{ fromStep: 10 }], 'encoder phase')).toThrow('no encoder phase covers update 5');
  });
});
