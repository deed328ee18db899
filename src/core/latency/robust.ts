/** Robust statistics for outlier and drift detection. */

export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation scaled by 1.4826, so it estimates the standard deviation of normal data. */
export function madSigma(values: ArrayLike<number>): number {
  const m = median(values);
  return 1.4826 * median(Array.from(values, (x) => Math.abs(x - m)));
}
