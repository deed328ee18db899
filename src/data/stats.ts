/** Summary statistics for token counts. Pure. */

export interface LengthStats {
  mean: number;
  /** 95th percentile, nearest-rank method: the smallest count that at least 95% of the items do not exceed. */
  p95: number;
  max: number;
}

/** Mean is rounded to 2 decimals so manifests stay byte-stable and readable. */
export function lengthStats(counts: readonly number[]): LengthStats {
  if (counts.length === 0) return { mean: 0, p95: 0, max: 0 };
  const sorted = [...counts].sort((a, b) => a - b);
  const total = sorted.reduce((sum, n) => sum + n, 0);
  return {
    mean: Math.round((total / sorted.length) * 100) / 100,
    p95: sorted[Math.ceil(0.95 * sorted.length) - 1] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}
