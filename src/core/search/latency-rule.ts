import { ObjectiveError } from './errors';

/**
 * A predicted latency: the point prediction and, from a predictor with a calibrated interval, its 90 % interval
 * and the upper bound at the run's confidence (src/core/latency/predictor.ts computes them).
 */
export interface LatencyEstimate {
  latencyMs: number;
  lowMs?: number;
  highMs?: number;
  /** The one-sided upper bound of level `latencyConfidence`: what a confidence rule checks against the budget. */
  upperMs?: number;
}

/**
 * The budget rule. null: a config is feasible when its point prediction is at most the budget (HAT's rule).
 * A number c in [0.5, 1): when the upper bound of confidence c is, i.e. it meets the budget with probability c
 * by the predictor's calibration.
 */
export type LatencyConfidence = number | null;

export function checkLatencyConfidence(confidence: LatencyConfidence): void {
  if (confidence !== null && !(confidence >= 0.5 && confidence < 1)) {
    throw new RangeError(`the budget's confidence must be in [0.5, 1) or null, got ${confidence}`);
  }
}

/** The latency a budget is checked against under the rule. */
export function constrainedLatencyMs(estimate: LatencyEstimate, confidence: LatencyConfidence): number {
  if (confidence === null) return estimate.latencyMs;
  if (estimate.upperMs === undefined) {
    throw new ObjectiveError(
      `the budget must be met with ${confidence * 100} % confidence, but the latency predictor gave no upper bound`,
    );
  }
  return estimate.upperMs;
}

export const describeLatencyRule = (confidence: LatencyConfidence): string =>
  confidence === null ? 'predicted latency' : `${Math.round(confidence * 1000) / 10} % upper bound`;

/** Objectives may return plain numbers (synthetic objectives, version-1 predictors) or estimates. */
export const toEstimate = (value: number | LatencyEstimate): LatencyEstimate =>
  typeof value === 'number' ? { latencyMs: value } : value;
