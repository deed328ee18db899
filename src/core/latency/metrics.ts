/** How well predicted latencies match measured ones, on rows the predictor never trained on. */
export interface PredictorMetrics {
  rows: number;
  /** Root mean squared error, milliseconds. */
  rmseMs: number;
  /** Mean absolute percentage error, as a fraction (0.05 = 5 %). */
  mape: number;
  /** Share of rows whose prediction is within ±10 % of the measurement, 0..1. */
  within10: number;
  /** Kendall's tau-b between predicted and measured: does the predictor rank models correctly? */
  kendallTau: number;
}

export function computeMetrics(predictedMs: ArrayLike<number>, measuredMs: ArrayLike<number>): PredictorMetrics {
  const n = measuredMs.length;
  if (predictedMs.length !== n) throw new RangeError(`${predictedMs.length} predictions for ${n} measurements`);
  if (n === 0) throw new RangeError('no rows to evaluate');
  let squared = 0;
  let relative = 0;
  let within = 0;
  for (let i = 0; i < n; i++) {
    const error = (predictedMs[i] as number) - (measuredMs[i] as number);
    squared += error * error;
    const rel = Math.abs(error) / Math.abs(measuredMs[i] as number);
    relative += rel;
    // A tiny tolerance so a prediction exactly 10 % off counts as within, whatever the float rounding.
    if (rel <= 0.1 + 1e-12) within++;
  }
  return {
    rows: n,
    rmseMs: Math.sqrt(squared / n),
    mape: relative / n,
    within10: within / n,
    kendallTau: kendallTau(predictedMs, measuredMs),
  };
}

/**
 * Kendall's tau-b (ties in either list handled), by direct pair counting: O(n²), which for HAT's 200-row test
 * splits is 20 000 pairs, far below a millisecond.
 */
export function kendallTau(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const da = Math.sign((a[i] as number) - (a[j] as number));
      const db = Math.sign((b[i] as number) - (b[j] as number));
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
}
