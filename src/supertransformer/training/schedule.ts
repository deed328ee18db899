/** Linear warm-up to `peak`, then cosine decay to `floor` at `totalSteps` (HAT trains with a cosine schedule). */
export function learningRateAt(
  step: number,
  totalSteps: number,
  warmupSteps: number,
  peak: number,
  floor = peak / 100,
): number {
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
}

/**
 * One cosine cycle of a schedule with warm restarts: it starts at `fromStep`, warms up linearly over `warmupSteps`
 * to `peak`, then decays by cosine to `peak / 100` at `endStep`. A later cycle cuts an earlier one short.
 */
export interface CosineCycle {
  fromStep: number;
  endStep: number;
  warmupSteps: number;
  peak: number;
}

/** Learning rate of a schedule of cosine cycles (SGDR-style warm restarts), cycles sorted by `fromStep`. */
export function learningRateOfCycles(step: number, cycles: readonly CosineCycle[]): number {
  const cycle = [...cycles].reverse().find((c) => c.fromStep <= step) ?? cycles[0];
  if (!cycle) throw new Error('a learning-rate schedule needs at least one cycle');
  return learningRateAt(step - cycle.fromStep, cycle.endStep - cycle.fromStep, cycle.warmupSteps, cycle.peak);
}
