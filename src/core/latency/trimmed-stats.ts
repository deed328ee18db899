/** Mean and standard deviation of timings after HAT's trimming, in milliseconds. */
export interface TrimmedStats {
  meanMs: number;
  stdMs: number;
  /** How many timings remained after trimming. */
  kept: number;
}

/**
 * HAT's latency statistic (latency_dataset.py): sort the timings, drop the lowest floor(n / 10) and the highest
 * max(1, floor(n / 10)), then the mean and the population standard deviation (numpy's default, ddof = 0) of the
 * rest. HAT always drops at least one highest timing, so at least two timings are needed.
 */
export function trimmedStats(timingsMs: readonly number[]): TrimmedStats {
  const n = timingsMs.length;
  if (n < 2) throw new RangeError(`HAT's trimmed statistic needs at least 2 timings, got ${n}`);
  if (timingsMs.some((t) => !Number.isFinite(t) || t < 0)) {
    throw new RangeError('timings must be finite and non-negative');
  }
  const sorted = [...timingsMs].sort((a, b) => a - b);
  const tenth = Math.floor(n * 0.1);
  const kept = sorted.slice(tenth, n - Math.max(1, tenth));
  const meanMs = kept.reduce((sum, t) => sum + t, 0) / kept.length;
  const variance = kept.reduce((sum, t) => sum + (t - meanMs) ** 2, 0) / kept.length;
  return { meanMs, stdMs: Math.sqrt(variance), kept: kept.length };
}
