import { adaptPredictor } from '../../src/core/latency/adapt-predictor';
import { trainCostPredictor } from '../../src/core/latency/cost-train';
import { datasetSha256 } from '../../src/core/latency/hash';
import { predictLatencyMs } from '../../src/core/latency/predictor';
import type { PredictorWorkerApi } from '../../src/protocol/predictor';

/**
 * Latency predictor training, prediction and few-shot adaptation. The explorer's predictor is a closed-form fit
 * (src/core/latency/cost-model.ts), so this role never starts a tf.js backend; it lives in the one tf.js worker
 * script only so the page keeps one worker script.
 */
export function predictorWorkerApi(): PredictorWorkerApi {
  return {
    async train(request, onProgress) {
      const sha256 = await datasetSha256(request.rows);
      const trained = trainCostPredictor({
        rows: request.rows,
        seed: request.seed,
        datasetName: request.datasetName,
        device: request.device,
        datasetSha256: sha256,
      });
      const { valid } = trained.predictor.provenance.metrics;
      onProgress?.({ step: 1, maxSteps: 1, validMape: valid.mape, bestValidMape: valid.mape });
      return { predictor: trained.predictor, test: trained.test, intervalNote: trained.intervalNote ?? null };
    },
    predict: async (predictor, features) => predictLatencyMs(predictor, features),
    async adapt(request) {
      return adaptPredictor({ ...request, targetSha256: await datasetSha256(request.targetRows) });
    },
  };
}
