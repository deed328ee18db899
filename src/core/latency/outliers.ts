import { totalLatencyMs, type LatencyRow } from '../dataset';
import { weightedLeastSquares } from './linear';
import { fitFeatureStats, normalizeFeatures } from './normalize';
import type { OutlierSummary } from './predictor';
import { madSigma, median } from './robust';

/** Rows this many robust standard deviations off the robust fit are called outliers (3.5 is Iglewicz-Hoaglin's cut). */
export const OUTLIER_THRESHOLD = 3.5;
/** Drift is looked for in consecutive blocks of this many rows (file order = measurement order). */
export const DRIFT_BLOCK_ROWS = 50;
/** A block whose median residual is this many robust standard deviations from the global median is drifted. */
export const DRIFT_THRESHOLD = 1.5;

/** Features plus all their pairwise products: latency is roughly bilinear in widths and layer counts. */
function quadratic(features: readonly (readonly number[])[]): number[][] {
  const z = normalizeFeatures(features, fitFeatureStats(features));
  const width = features[0]?.length ?? 0;
  return features.map((_, r) => {
    const x = Array.from(z.subarray(r * width, (r + 1) * width));
    const out = [...x];
    for (let i = 0; i < width; i++) for (let j = i; j < width; j++) out.push(x[i]! * x[j]!);
    return out;
  });
}

/**
 * Residuals of ln(total latency) against a robust quadratic fit: iteratively reweighted least squares with Huber
 * weights (k = 1.345 σ), so drifted blocks (HAT's files have blocks measured 15-35 % slow) do not pull the fit.
 */
export function robustLogResiduals(rows: readonly LatencyRow[], iterations = 10): Float64Array {
  const design = quadratic(rows.map((r) => r.features));
  const width = design[0]?.length ?? 0;
  const flat = Float64Array.from(design.flat());
  const y = rows.map((r) => Math.log(totalLatencyMs(r)));
  const weights = new Float64Array(rows.length).fill(1);
  const residuals = new Float64Array(rows.length);
  for (let it = 0; it < iterations; it++) {
    const { coefficients, intercept } = weightedLeastSquares(flat, rows.length, width, y, weights, 1e-6);
    for (let r = 0; r < rows.length; r++) {
      let fit = intercept;
      for (let j = 0; j < width; j++) fit += coefficients[j]! * flat[r * width + j]!;
      residuals[r] = y[r]! - fit;
    }
    const k = 1.345 * Math.max(madSigma(residuals), 1e-9);
    for (let r = 0; r < rows.length; r++) {
      const a = Math.abs(residuals[r]!);
      weights[r] = a <= k ? 1 : k / a;
    }
  }
  return residuals;
}

/** Counts outlier rows and finds drifted blocks. Needs enough rows for a quadratic fit (66 terms): ≥ 100. */
export function detectOutliers(rows: readonly LatencyRow[]): OutlierSummary | undefined {
  if (rows.length < 100) return undefined;
  const residuals = robustLogResiduals(rows);
  const center = median(residuals);
  const sigma = madSigma(residuals);
  const flagged: number[] = [];
  residuals.forEach((r, i) => {
    if (Math.abs(r - center) > OUTLIER_THRESHOLD * sigma) flagged.push(i);
  });
  const driftBlocks: OutlierSummary['driftBlocks'] = [];
  for (let start = 0; start < rows.length; start += DRIFT_BLOCK_ROWS) {
    const end = Math.min(rows.length, start + DRIFT_BLOCK_ROWS);
    if (end - start < DRIFT_BLOCK_ROWS / 2) break;
    const shift = median(residuals.subarray(start, end)) - center;
    if (Math.abs(shift) <= DRIFT_THRESHOLD * sigma) continue;
    const previous = driftBlocks[driftBlocks.length - 1];
    // Merge neighbouring drifted blocks that drift the same way into one reported block.
    if (previous && previous.end === start && Math.sign(previous.medianResidual) === Math.sign(shift)) {
      previous.medianResidual = median(residuals.subarray(previous.start, end)) - center;
      previous.end = end;
    } else driftBlocks.push({ start, end, medianResidual: shift });
  }
  return {
    count: flagged.length,
    threshold: OUTLIER_THRESHOLD,
    residualSigma: sigma,
    rows: flagged.slice(0, 200),
    driftBlocks,
  };
}
