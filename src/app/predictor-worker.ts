import { wrap, type Remote } from 'comlink';
import type { PredictorWorkerApi } from '../protocol/predictor';
import { startTfjsWorker } from './tfjs-worker';

// One predictor worker, created on first use and kept: tf.js and its WASM binary load once.
let worker: Remote<PredictorWorkerApi> | undefined;

export function getPredictorWorker(): Remote<PredictorWorkerApi> {
  worker ??= wrap<PredictorWorkerApi>(startTfjsWorker('predictor'));
  return worker;
}
