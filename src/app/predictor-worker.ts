import { wrap, type Remote } from 'comlink';
import type { PredictorWorkerApi } from '../protocol/predictor';

// One predictor worker, created on first use and kept: tf.js and its WASM binary load once.
let worker: Remote<PredictorWorkerApi> | undefined;

export function getPredictorWorker(): Remote<PredictorWorkerApi> {
  worker ??= wrap<PredictorWorkerApi>(
    new Worker(new URL('../../workers/predictor.worker.ts', import.meta.url), { type: 'module', name: 'predictor' }),
  );
  return worker;
}
