import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';

describe('createRng', () => {
  it('gives the same stream for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(first);
  });

  it('is pinned to known values, so browsers and Node agree across releases', () => {
    // Golden values: any change to the algorithm would silently change every seeded search.
    const rng = createRng(1);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toMatchInlineSnapshot(`
      [
        1828152527,
        3394835397,
        2967886022,
      ]
    `);
  });

  it('gives different streams for different seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    const sameCount = Array.from({ length: 50 }, () => a.nextUint32() === b.nextUint32()).filter(Boolean).length;
    expect(sameCount).toBeLessThan(2);
  });

  it('draws integers uniformly in range', () => {
    const rng = createRng(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.nextInt(3)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it('draws floats in [0, 1)', () => {
    const rng = createRng(9);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.nextFloat();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('resumes from a saved state', () => {
    const rng = createRng(5);
    rng.nextUint32();
    const saved = rng.state();
    const expected = [rng.nextUint32(), rng.nextUint32()];
    const resumed = createRng(0, saved);
    expect([resumed.nextUint32(), resumed.nextUint32()]).toEqual(expected);
  });

  it('rejects bad arguments with a clear message', () => {
    expect(() => createRng(1.5)).toThrow(/seed must be an integer/);
    expect(() => createRng(1).nextInt(0)).toThrow(/bound/);
    expect(() => createRng(1).pick([])).toThrow(/empty/);
  });
});
