/**
 * Axis domains for the live search chart. recharts redraws its axes through its own store, synchronously, on every
 * domain change (tens of ms on a busy machine), so the chart keeps recharts' axes on a fixed 0-1 scale and maps
 * data onto it; only the tick labels and the points follow the domain computed here.
 */

/** Intervals between ticks on each axis: the chart's 0-1 axes have ticks at 0, 0.2, …, 1. */
export const DOMAIN_STEPS = 5;

/** The 1-2-5 step at or above `rough` (0.2, 0.5, 1, 2, 5, 10, …); 1 for anything not positive and finite. */
export function roundStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const decade = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / decade;
  // The small tolerance keeps 0.2 / 0.1 from reading as 2.0000000000000004 and jumping to 5.
  const factor = scaled <= 1 + 1e-9 ? 1 : scaled <= 2 + 1e-9 ? 2 : scaled <= 5 + 1e-9 ? 5 : 10;
  return factor * decade;
}

/** The next step of the 1-2-5 series after `step`. */
const nextStep = (step: number): number => roundStep(step * 1.01);

/**
 * [lo, hi] covering every value with 6 % of the span as margin on each side, starting on a round step and exactly
 * DOMAIN_STEPS steps wide, so the fixed ticks fall on round numbers; never below `floor`. An empty list gives [0, 1].
 */
export function steppedDomain(values: readonly number[], floor = 0): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) {
    lo -= Math.abs(lo) * 0.05 || 1;
    hi += Math.abs(hi) * 0.05 || 1;
  }
  const pad = (hi - lo) * 0.06;
  lo = Math.max(floor, lo - pad);
  hi += pad;
  let step = roundStep((hi - lo) / DOMAIN_STEPS);
  let start = Math.max(floor, Math.floor(lo / step) * step);
  while (start + DOMAIN_STEPS * step < hi) {
    step = nextStep(step);
    start = Math.max(floor, Math.floor(lo / step) * step);
  }
  // Rounded to the step's decimals, so 0.1 + 0.2 never shows up as 0.30000000000000004 on an axis.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const round = (x: number): number => Number(x.toFixed(decimals));
  return [round(start), round(start + DOMAIN_STEPS * step)];
}

/** Where `value` sits in `domain`, 0 at its start and 1 at its end (outside 0-1 when outside the domain). */
export const toUnit = (value: number, [lo, hi]: readonly [number, number]): number => (value - lo) / (hi - lo);

/** The value at position `unit` (0-1) of `domain`. */
export const fromUnit = (unit: number, [lo, hi]: readonly [number, number]): number => lo + unit * (hi - lo);
