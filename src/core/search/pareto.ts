/** Multi-objective tools; every objective is minimised. */

export type Objectives2 = readonly [number, number];

/** True when `a` is no worse than `b` in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * The non-dominated items of a 2-objective set, sorted by the first objective then the second. Items with
 * identical objectives do not dominate each other, so all of them stay. O(n log n).
 */
export function paretoFront<T>(items: readonly T[], objectives: (item: T) => Objectives2): T[] {
  const scored = items.map((item, index) => ({ item, index, f: objectives(item) }));
  scored.sort((a, b) => a.f[0] - b.f[0] || a.f[1] - b.f[1] || a.index - b.index);
  const front: T[] = [];
  // Lowest second objective among items with a strictly smaller first objective.
  let bestBefore = Infinity;
  let i = 0;
  while (i < scored.length) {
    const first = scored[i]!.f[0];
    let j = i;
    while (j < scored.length && scored[j]!.f[0] === first) j++;
    // Within one first-objective value the group is sorted by the second: only its minimum ties survive.
    const groupMin = scored[i]!.f[1];
    if (groupMin < bestBefore) {
      for (let k = i; k < j && scored[k]!.f[1] === groupMin; k++) front.push(scored[k]!.item);
      bestBefore = groupMin;
    }
    i = j;
  }
  return front;
}

/**
 * Deb's fast non-dominated sort: front 0 holds the non-dominated indices, front 1 those dominated only by
 * front 0, and so on. Any number of objectives; O(m n²). Indices within a front are ascending.
 */
export function nonDominatedSort(points: readonly (readonly number[])[]): number[][] {
  const n = points.length;
  const dominatedBy = Array.from({ length: n }, () => [] as number[]);
  const dominationCount = new Array<number>(n).fill(0);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(points[p]!, points[q]!)) {
        dominatedBy[p]!.push(q);
        dominationCount[q]! += 1;
      } else if (dominates(points[q]!, points[p]!)) {
        dominatedBy[q]!.push(p);
        dominationCount[p]! += 1;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((p) => dominationCount[p] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominatedBy[p]!) {
        dominationCount[q]! -= 1;
        if (dominationCount[q] === 0) next.push(q);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/**
 * NSGA-II crowding distance of each member of one front (same order as `front`): the boundary points of every
 * objective get Infinity, the others the sum over objectives of their neighbours' normalised gap.
 */
export function crowdingDistances(points: readonly (readonly number[])[], front: readonly number[]): number[] {
  const distance = new Array<number>(front.length).fill(0);
  if (front.length === 0) return distance;
  const objectives = points[front[0]!]!.length;
  for (let m = 0; m < objectives; m++) {
    const value = (slot: number): number => points[front[slot]!]![m]!;
    const order = [...front.keys()].sort((a, b) => value(a) - value(b) || front[a]! - front[b]!);
    const low = value(order[0]!);
    const high = value(order[order.length - 1]!);
    distance[order[0]!] = Infinity;
    distance[order[order.length - 1]!] = Infinity;
    if (high === low) continue;
    for (let k = 1; k < order.length - 1; k++) {
      distance[order[k]!]! += (value(order[k + 1]!) - value(order[k - 1]!)) / (high - low);
    }
  }
  return distance;
}

/**
 * Area dominated by a 2-objective point set and bounded by `reference` (both objectives minimised). Points not
 * strictly better than the reference in both objectives add nothing.
 */
export function hypervolume2d(points: readonly Objectives2[], reference: Objectives2): number {
  const inside = points.filter((p) => p[0] < reference[0] && p[1] < reference[1]);
  let area = 0;
  let ceiling = reference[1];
  for (const [x, y] of paretoFront(inside, (p) => p)) {
    if (y >= ceiling) continue; // a tie in the first objective adds no area
    area += (reference[0] - x) * (ceiling - y);
    ceiling = y;
  }
  return area;
}
