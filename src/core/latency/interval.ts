import { featureDistances, fitDistanceStats, type DistanceStats } from './distance';
import { studentTQuantile } from './student-t';

/**
 * A calibrated prediction interval (split conformal prediction, Vovk et al.; Lei et al. 2018). The scores are
 * held-out rows' log residuals, ln(measured) − ln(predicted), divided by a widening that grows with the config's
 * distance from the training rows: w(x) = 1 + κ · max(0, d(x)/d_ref − 1). The bounds of level q are
 * predicted · exp(scale · s_q · w(x)), with s_q the conformal quantile of the scores. Held-out rows include HAT's
 * drifted blocks, so the upper bounds carry the measured drift as well as the spread.
 */
export interface PredictionInterval {
  /** Normalised scores of the calibration rows, ascending. */
  scores: number[];
  /** Multiplies the scores: 1 on the dataset's own rows; the new device's spread over the base's after adaptation. */
  scale: number;
  distance: DistanceStats;
  /** How fast the interval widens with distance (κ), calibrated by making the model extrapolate (see below). */
  kappa: number;
  /** How the interval was calibrated, in words (shown in the app). */
  method: string;
  /**
   * Small-sample guard for an interval carried to a new device from fewer than MIN_CALIBRATION_ROWS rows: every
   * bound reaches at least the Student-t prediction bound of those rows' leave-one-out log residuals,
   * ±t(q, k−1)·rms·√(1 + 1/k), so a device noisier below (or above) than the base is covered on that side too.
   */
  floor?: { logRms: number; rows: number };
}

/**
 * The split-conformal quantile of level q of n sorted scores: for q ≥ 0.5 the ⌈(n+1)q⌉-th smallest (+∞ when that
 * exceeds n), for q < 0.5 the ⌊(n+1)q⌋-th smallest (−∞ below 1). A new exchangeable row's score then lies below the
 * upper one with probability at least q (above the lower one with probability at least 1 − q).
 */
export function conformalQuantile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (!(q > 0 && q < 1)) throw new RangeError(`a quantile level must be in (0, 1), got ${q}`);
  if (q >= 0.5) {
    const rank = Math.ceil((n + 1) * q - 1e-9);
    return rank > n ? Number.POSITIVE_INFINITY : sorted[rank - 1]!;
  }
  const rank = Math.floor((n + 1) * q + 1e-9);
  return rank < 1 ? Number.NEGATIVE_INFINITY : sorted[rank - 1]!;
}

/** The fewest calibration rows that give a finite two-sided 90 % interval: ⌈(n+1)·0.95⌉ ≤ n. */
export const MIN_CALIBRATION_ROWS = 19;

export const widening = (distance: number, reference: number, kappa: number): number =>
  1 + kappa * Math.max(0, distance / reference - 1);

/** The bound of level q before widening: the scaled score quantile, pushed out to the small-sample floor. */
function baseBound(interval: PredictionInterval, q: number): number {
  const s = interval.scale * conformalQuantile(interval.scores, q);
  const floor = interval.floor;
  if (!floor) return s;
  const t = studentTQuantile(q, floor.rows - 1) * floor.logRms * Math.sqrt(1 + 1 / floor.rows);
  return q >= 0.5 ? Math.max(s, t) : Math.min(s, t);
}

/** ln-space bounds of level q for rows at these distances. */
export function logBounds(interval: PredictionInterval, distances: ArrayLike<number>, q: number): Float64Array {
  const s = baseBound(interval, q);
  return Float64Array.from(distances, (d) => s * widening(d, interval.distance.reference, interval.kappa));
}

/** A model under calibration: fitted on some rows, it predicts total latency (ms) for feature vectors. */
export type FitForInterval = (rows: readonly number[]) => (features: readonly (readonly number[])[]) => Float64Array;

export interface CalibrationInput {
  features: readonly (readonly number[])[];
  measuredMs: readonly number[];
  /** Row indices the model is fitted on, and held-out rows that calibrate the scores. */
  train: readonly number[];
  calibration: readonly number[];
  /** The final model's predictions for the calibration rows. */
  calibrationPredictedMs: ArrayLike<number>;
  /** Refits the model on a subset of rows (indices into `features`): used to measure how extrapolation hurts. */
  fit: FitForInterval;
  /** Two-sided coverage the widening is tuned for. */
  coverage?: number;
}

/** Share of training rows farthest from the centre that the model must extrapolate to when κ is tuned. */
const SHELL_SHARE = 0.2;
const KAPPA_STEP = 0.05;
const KAPPA_MAX = 3;

const residual = (measured: number, predicted: number): number => Math.log(measured) - Math.log(predicted);

/**
 * Calibrates an interval, or explains why it cannot. κ comes from the dataset alone: the model is refitted on the
 * 80 % of training rows nearest the centre, and κ is the smallest value whose interval (scores from the calibration
 * rows) covers the requested share of the other 20 %, rows it had to extrapolate to. On HAT's files this lifts the
 * coverage of the outermost tenth of rows from 71.5-92 % to 82-92 % (README, "Latency predictors").
 */
export function calibrateInterval(input: CalibrationInput): PredictionInterval | { reason: string } {
  const { features, measuredMs, train, calibration } = input;
  const coverage = input.coverage ?? 0.9;
  if (calibration.length < MIN_CALIBRATION_ROWS) {
    return {
      reason: `${calibration.length} held-out rows are too few for a calibrated 90 % interval (needs ${MIN_CALIBRATION_ROWS})`,
    };
  }
  const at = (indices: readonly number[]): number[][] => indices.map((i) => features[i] as number[]);
  const distance = fitDistanceStats(at(train));
  const trainDistances = featureDistances(distance, at(train));
  const cut = Float64Array.from(trainDistances).sort()[Math.floor((1 - SHELL_SHARE) * train.length)]!;
  const inner = train.filter((_, i) => trainDistances[i]! < cut);
  const shell = train.filter((_, i) => trainDistances[i]! >= cut);
  let kappa = 0;
  if (inner.length > 20 && shell.length >= 10) {
    const predictInner = input.fit(inner);
    const innerDistance = fitDistanceStats(at(inner));
    const score = (rows: readonly number[]) => {
      const predicted = predictInner(at(rows));
      return {
        residuals: rows.map((r, i) => residual(measuredMs[r]!, predicted[i]!)),
        distances: featureDistances(innerDistance, at(rows)),
      };
    };
    const held = score(calibration);
    const outer = score(shell);
    const lower = (1 - coverage) / 2;
    for (kappa = 0; kappa < KAPPA_MAX; kappa += KAPPA_STEP) {
      const w = (d: number): number => widening(d, innerDistance.reference, kappa);
      const scores = held.residuals.map((r, i) => r / w(held.distances[i]!)).sort((a, b) => a - b);
      const lo = conformalQuantile(scores, lower);
      const hi = conformalQuantile(scores, 1 - lower);
      const covered = outer.residuals.filter((r, i) => {
        const wi = w(outer.distances[i]!);
        return r >= lo * wi && r <= hi * wi;
      }).length;
      if (covered >= coverage * outer.residuals.length) break;
    }
    kappa = Math.round(Math.min(kappa, KAPPA_MAX) * 100) / 100;
  }
  const calibrationDistances = featureDistances(distance, at(calibration));
  const scores = calibration
    .map(
      (r, i) =>
        residual(measuredMs[r]!, input.calibrationPredictedMs[i]!) /
        widening(calibrationDistances[i]!, distance.reference, kappa),
    )
    .sort((a, b) => a - b);
  return {
    scores,
    scale: 1,
    distance,
    kappa,
    method:
      `split conformal on ${calibration.length} held-out rows (log residuals), widened by 1 + ${kappa}·max(0, d/d_ref − 1) ` +
      `with d the Mahalanobis distance of the features from the training rows`,
  };
}
