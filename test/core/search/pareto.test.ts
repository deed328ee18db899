import { describe, expect, it } from 'vitest';
import {
  crowdingDistances,
  dominates,
  hypervolume2d,
  nonDominatedSort,
  paretoFront,
  type Objectives2,
} from '../../../src/core/search';
import { createRng } from '../../../src/core/rng';

const identity = (p: Objectives2): Objectives2 => p;

/** The O(n²) definition, to check the sort-based front against. */
const bruteFront = (points: Objectives2[]): Objectives2[] => points.filter((p) => !points.some((q) => dominates(q, p)));

describe('dominance and Pareto fronts', () => {
  it('dominates only when no worse everywhere and better somewhere', () => {
    expect(dominates([1, 2], [2, 2])).toBe(true);
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(dominates([1, 3], [2, 2])).toBe(false);
    expect(dominates([1, 1, 1], [1, 1, 2])).toBe(true);
  });

  it('extracts the front of a hand-made set, keeping exact ties and dropping equal-first-objective losers', () => {
    const points: Objectives2[] = [
      [3, 1],
      [1, 5],
      [2, 2],
      [2, 3],
      [4, 1],
      [1, 5],
      [5, 0.5],
    ];
    expect(paretoFront(points, identity)).toEqual([
      [1, 5],
      [1, 5],
      [2, 2],
      [3, 1],
      [5, 0.5],
    ]);
  });

  it('agrees with the brute-force definition on random integer sets (many ties)', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 200; trial++) {
      const points = Array.from({ length: 1 + rng.nextInt(40) }, (): Objectives2 => [rng.nextInt(8), rng.nextInt(8)]);
      const sortKey = (p: Objectives2): number => p[0] * 100 + p[1];
      const expected = bruteFront(points).sort((a, b) => sortKey(a) - sortKey(b));
      expect(paretoFront(points, identity)).toEqual(expected);
    }
  });
});

describe('non-dominated sorting and crowding', () => {
  it('sorts a hand-made set into its fronts', () => {
    const points = [
      [1, 4], // 0: front 0
      [2, 2], // 1: front 0
      [4, 1], // 2: front 0
      [3, 3], // 3: dominated by 1
      [4, 4], // 4: dominated by 3
      [2, 2], // 5: tie with 1, front 0
    ];
    expect(nonDominatedSort(points)).toEqual([[0, 1, 2, 5], [3], [4]]);
  });

  it('gives boundaries infinite crowding and interior points the normalised neighbour gap', () => {
    const points = [
      [0, 10],
      [1, 6],
      [3, 3],
      [10, 0],
    ];
    const distances = crowdingDistances(points, [0, 1, 2, 3]);
    expect(distances[0]).toBe(Infinity);
    expect(distances[3]).toBe(Infinity);
    // point 1: (3 - 0) / 10 + (10 - 3) / 10 = 1.0; point 2: (10 - 1) / 10 + (6 - 0) / 10 = 1.5
    expect(distances[1]).toBeCloseTo(1.0, 12);
    expect(distances[2]).toBeCloseTo(1.5, 12);
  });
});

describe('hypervolume of a 2-D front', () => {
  it('matches hand-computed areas', () => {
    // Staircase: (4-1)(4-3) + (4-2)(3-2) + (4-3)(2-1) = 3 + 2 + 1.
    expect(
      hypervolume2d(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toBe(6);
    expect(hypervolume2d([[0, 0]], [2, 3])).toBe(6);
    // A dominated point, a duplicate and a point outside the box add nothing.
    expect(
      hypervolume2d(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
          [2, 2],
          [5, 0],
        ],
        [4, 4],
      ),
    ).toBe(6);
    // On the boundary of the box: zero width.
    expect(hypervolume2d([[4, 0]], [4, 4])).toBe(0);
    expect(hypervolume2d([], [4, 4])).toBe(0);
    // Fractions: (10-2.5)(8-6) + (10-5)(6-1.5) = 15 + 22.5.
    expect(
      hypervolume2d(
        [
          [5, 1.5],
          [2.5, 6],
        ],
        [10, 8],
      ),
    ).toBe(37.5);
  });

  it('agrees with counting unit cells on random integer sets', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const points = Array.from({ length: 1 + rng.nextInt(12) }, (): Objectives2 => [rng.nextInt(10), rng.nextInt(10)]);
      let cells = 0;
      for (let x = 0; x < 10; x++) {
        for (let y = 0; y < 10; y++) if (points.some((p) => p[0] <= x && p[1] <= y)) cells += 1;
      }
      expect(hypervolume2d(points, [10, 10])).toBe(cells);
    }
  });
});
