import { describe, expect, it } from 'vitest';
import { DOMAIN_STEPS, fromUnit, roundStep, steppedDomain, toUnit } from '../../src/app/chart-domain';

describe('round steps', () => {
  it('takes the 1-2-5 step at or above the rough one', () => {
    expect(roundStep(0.13)).toBe(0.2);
    expect(roundStep(0.2)).toBe(0.2);
    expect(roundStep(3)).toBe(5);
    expect(roundStep(700)).toBe(1000);
    expect(roundStep(1000)).toBe(1000);
    expect(roundStep(0)).toBe(1);
    expect(roundStep(Number.NaN)).toBe(1);
  });
});

describe('stepped chart domains', () => {
  const ticks = ([lo, hi]: [number, number]): number[] =>
    Array.from({ length: DOMAIN_STEPS + 1 }, (_, i) => Number(fromUnit(i / DOMAIN_STEPS, [lo, hi]).toFixed(6)));

  it('covers every value with a margin, five round steps wide', () => {
    expect(steppedDomain([1300, 5500, 3000])).toEqual([1000, 6000]);
    expect(ticks(steppedDomain([1300, 5500, 3000]))).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    // Span 0.78 + margins → steps of 0.2 from 5.2 would end at 6.2 < 6.26, so the step grows to 0.5.
    expect(steppedDomain([5.43, 6.21])).toEqual([5, 7.5]);
    expect(ticks(steppedDomain([5.61, 5.67]))).toEqual([5.6, 5.62, 5.64, 5.66, 5.68, 5.7]);
  });

  it('stays put when a new value falls inside it', () => {
    const before = steppedDomain([1300, 5500, 3000]);
    expect(steppedDomain([1300, 5500, 3000, 4100, 1700])).toEqual(before);
    expect(steppedDomain([1300, 5500, 3000, 7000])).not.toEqual(before);
  });

  it('never goes below the floor, and handles one value and none', () => {
    expect(steppedDomain([10, 300])[0]).toBe(0);
    expect(steppedDomain([-5, 5], -Infinity)[0]).toBeLessThan(-5);
    const [lo, hi] = steppedDomain([200]);
    expect(lo).toBeLessThan(200);
    expect(hi).toBeGreaterThan(200);
    expect(steppedDomain([])).toEqual([0, 1]);
  });

  it('maps values to the 0-1 axis and back', () => {
    expect(toUnit(3500, [1000, 6000])).toBe(0.5);
    expect(fromUnit(0.2, [1000, 6000])).toBe(2000);
    expect(toUnit(7000, [1000, 6000])).toBeGreaterThan(1);
  });
});
