import type { LatencyRow } from '../core/dataset/types';
import type { AdaptMethod } from '../core/latency/adapt';
import type { LatencyPredictor } from '../core/latency/predictor';

export interface PredictorTrainRequest {
  rows: LatencyRow[];
  seed: number;
  datasetName: string;
  device: string;
}

export interface PredictorTrainProgress {
  step: number;
  maxSteps: number;
  /** Validation MAPE (fraction) at this step, and the best so far. */
  validMape: number;
  bestValidMape: number;
}

export interface PredictorTrainResult {
  predictor: LatencyPredictor;
  /** The test split's predictions, measurements and 90 % bounds (ms), for the predicted-vs-measured scatter. */
  test: { predictedMs: number[]; measuredMs: number[]; lowMs?: number[]; highMs?: number[] };
  /** Why the predictor has no interval (too few rows to calibrate one), or null. */
  intervalNote: string | null;
}

export interface PredictorAdaptRequest {
  base: LatencyPredictor;
  targetRows: LatencyRow[];
  targetName: string;
  targetDevice: string;
  k: number;
  seed: number;
  method?: AdaptMethod;
}

/** What the predictor role (workers/roles/predictor.ts) exposes over comlink; the UI calls it through src/app. */
export interface PredictorWorkerApi {
  /**
   * Trains the explorer's predictor (a closed-form fit, well under a second). `onProgress` must be wrapped in
   * comlink's proxy() by the caller.
   */
  train(
    request: PredictorTrainRequest,
    onProgress?: (progress: PredictorTrainProgress) => void,
  ): Promise<PredictorTrainResult>;
  /** Total latency (ms) of each feature vector, in one batch. */
  predict(predictor: LatencyPredictor, features: number[][]): Promise<Float64Array>;
  /** Few-shot adaptation of `base` to k rows of another profile (method chosen by leave-one-out). */
  adapt(request: PredictorAdaptRequest): Promise<LatencyPredictor>;
}
