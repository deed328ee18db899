import type { SubTransformerConfig } from '../core/config';
import { configFeatures } from '../core/features';
import { parsePredictorJson } from '../core/latency/json';
import { predictLatencyMs } from '../core/latency/predictor';
import type { LatencyPredictor } from '../core/latency/predictor';
import { formatProblems } from '../core/result';
import type { SearchObjectives } from '../core/search';
import type { SearchTiming } from '../protocol/search';

/** Reads a predictor file's JSON text, with the file's problems in the error. */
export function readPredictor(json: string): LatencyPredictor {
  const parsed = parsePredictorJson(json);
  if (!parsed.ok) throw new Error(`the latency predictor cannot be read: ${formatProblems(parsed.problems)}`);
  return parsed.value;
}

/** Predicted latency (ms) of a batch of configs: HAT's ten features, one pure-JS MLP pass for the whole batch. */
export function predictorLatency(predictor: LatencyPredictor): SearchObjectives['latencyMs'] {
  return async (configs) => Array.from(predictLatencyMs(predictor, configs.map(configFeatures)));
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
