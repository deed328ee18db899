import * as tf from '@tensorflow/tfjs';
import { datasetSha256 } from '../../src/core/latency/hash';
import { predictLatencyMs } from '../../src/core/latency/predictor';
import { configureWasm } from '../../src/tfjs/wasm-threads';
import { adaptPredictor } from '../../src/latency-predictor/adapt';
import { trainLatencyPredictor } from '../../src/latency-predictor/train';
import type { PredictorWorkerApi } from '../../src/protocol/predictor';

/**
 * Small MLPs train fastest on WASM (per-op overhead dominates on WebGPU at this size), on one thread (their products
 * are too small to split); CPU is the fallback.
 */
async function ensureBackend(): Promise<string> {
  if (tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu') return tf.getBackend();
  configureWasm(1);
  if (!(await tf.setBackend('wasm').catch(() => false))) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

/** Latency predictor training, prediction and few-shot adaptation. */
export function predictorWorkerApi(): PredictorWorkerApi {
  return {
    async train(request, onProgress) {
      const backend = await ensureBackend();
      const trained = await trainLatencyPredictor({
        rows: request.rows,
        seed: request.seed,
        datasetName: request.datasetName,
        device: request.device,
        datasetSha256: await datasetSha256(request.rows),
        onProgress: (p) =>
          onProgress?.({
            step: p.step,
            maxSteps: p.maxSteps,
            validMape: p.validScore,
            bestValidMape: p.bestValidScore,
          }),
      });
      return { predictor: trained.predictor, test: trained.test, backend };
    },
    predict: async (predictor, features) => predictLatencyMs(predictor, features),
    async adapt(request) {
      return adaptPredictor({ ...request, targetSha256: await datasetSha256(request.targetRows) });
    },
  };
}
