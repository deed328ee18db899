import type { SubTransformerConfig } from '../core/config';
import { configFeatures } from '../core/features';
import {
  predictLatencyBounds,
  predictLatencyMs,
  predictLatencyUpperMs,
  type LatencyPredictor,
} from '../core/latency/predictor';

/** One config's predicted latency with its 90 % interval and the upper bound of `confidence` (when calibrated). */
export interface ConfigLatency {
  latencyMs: number;
  lowMs?: number;
  highMs?: number;
  upperMs?: number;
}

export function configLatency(
  predictor: LatencyPredictor,
  config: SubTransformerConfig,
  confidence: number | null,
): ConfigLatency {
  const features = [configFeatures(config)];
  const bounds = predictLatencyBounds(predictor, features);
  if (!bounds) return { latencyMs: predictLatencyMs(predictor, features)[0]! };
  const upper = confidence === null ? null : predictLatencyUpperMs(predictor, features, confidence);
  return {
    latencyMs: bounds.latencyMs[0]!,
    lowMs: bounds.lowMs[0]!,
    highMs: bounds.highMs[0]!,
    ...(upper ? { upperMs: upper[0]! } : {}),
  };
}

/** Whether a config meets a budget under the rule: the upper bound with a confidence, else the point prediction. */
export const meetsBudget = (latency: ConfigLatency, budgetMs: number, confidence: number | null): boolean =>
  (confidence !== null && latency.upperMs !== undefined ? latency.upperMs : latency.latencyMs) <= budgetMs;
