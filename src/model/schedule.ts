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
