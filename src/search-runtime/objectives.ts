import type { SubTransformerConfig } from '../core/config';
import { configFeatures } from '../core/features';
import { parsePredictorJson } from '../core/latency/json';
import { predictLatencyBounds, predictLatencyMs, predictLatencyUpperMs } from '../core/latency/predictor';
import type { LatencyPredictor } from '../core/latency/predictor';
import { formatProblems } from '../core/result';
import type { LatencyConfidence, LatencyEstimate, SearchObjectives } from '../core/search';
import type { SearchTiming } from '../protocol/search';

/** Reads a predictor file's JSON text, with the file's problems in the error. */
export function readPredictor(json: string): LatencyPredictor {
  const parsed = parsePredictorJson(json);
  if (!parsed.ok) throw new Error(`the latency predictor cannot be read: ${formatProblems(parsed.problems)}`);
  return parsed.value;
}

/**
 * Predicted latency of a batch of configs (HAT's ten features, one pure-JS pass for the whole batch): with the
 * predictor's 90 % interval and, under a confidence rule, the upper bound of that confidence. A predictor without
 * an interval (version 1) gives plain numbers.
 */
export function predictorLatency(
  predictor: LatencyPredictor,
  confidence: LatencyConfidence = null,
): SearchObjectives['latencyMs'] {
  return async (configs) => {
    const features = configs.map(configFeatures);
    const bounds = predictLatencyBounds(predictor, features);
    if (!bounds) return Array.from(predictLatencyMs(predictor, features));
    const upper = confidence === null ? null : predictLatencyUpperMs(predictor, features, confidence)!;
    return Array.from(bounds.latencyMs, (latencyMs, i): LatencyEstimate => ({
      latencyMs,
      lowMs: bounds.lowMs[i]!,
      highMs: bounds.highMs[i]!,
      ...(upper ? { upperMs: upper[i]! } : {}),
    }));
  };
}

/**
 * The budget rule a run can keep with this predictor: a confidence needs an interval, which version-1 predictors
 * lack; they fall back to the point prediction, with a notice saying so.
 */
export function effectiveConfidence(
  predictor: LatencyPredictor,
  confidence: LatencyConfidence,
): { confidence: LatencyConfidence; notice: string | null } {
  if (confidence === null || predictor.interval) return { confidence, notice: null };
  return {
    confidence: null,
    notice:
      `this latency predictor has no calibrated interval (a version-1 file, or too few rows to calibrate one), so ` +
      `the budget is checked on the point prediction, not at ${confidence * 100} % confidence`,
  };
}

/** A validation loss per config; the runtime does not care whether a worker or an in-process model computes it. */
export type ValidLossFn = (configs: readonly SubTransformerConfig[]) => Promise<number[]>;

/** Wall-time counters the objectives add to, so a report can say where the run's time went. */
export const zeroTiming = (): SearchTiming => ({ validationMs: 0, predictionMs: 0, totalMs: 0 });

/** The objectives with each call's wall time added to `timing`. */
export function timedObjectives(
  latencyMs: SearchObjectives['latencyMs'],
  validLoss: ValidLossFn,
  timing: SearchTiming,
  now: () => number = () => performance.now(),
): SearchObjectives {
  return {
    async latencyMs(configs) {
      const start = now();
      try {
        return await latencyMs(configs);
      } finally {
        timing.predictionMs += now() - start;
      }
    },
    async validLoss(configs) {
      const start = now();
      try {
        return await validLoss(configs);
      } finally {
        timing.validationMs += now() - start;
      }
    },
  };
}
