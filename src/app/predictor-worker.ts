import { wrap, type Remote } from 'comlink';
import type { PredictorWorkerApi } from '../protocol/predictor';
import { startTfjsWorker } from './tfjs-worker';

// One predictor worker (the predictor role of the one tf.js worker script), created on first use and kept.
let worker: Remote<PredictorWorkerApi> | undefined;

export function getPredictorWorker(): Remote<PredictorWorkerApi> {
  worker ??= wrap<PredictorWorkerApi>(startTfjsWorker('predictor'));
  return worker;
}
