import { expose } from 'comlink';
import { browserBackendHost, fetchShippedAssets } from '../../src/supertransformer/browser-load';
import { ValidationService } from '../../src/supertransformer/validation-service';
import type { ValidationWorkerApi } from '../../src/protocol/validation';

/** The SuperTransformer's validation service, for the page and (through connectPort) the search worker. */
export function validationWorkerApi(
  service = new ValidationService(browserBackendHost, fetchShippedAssets),
): ValidationWorkerApi {
  const api: ValidationWorkerApi = {
    load: (options) => service.load(options),
    validateBatch: (jobId, configs, onProgress, share) => service.validateBatch(jobId, configs, onProgress, share),
    cancel: (jobId) => service.cancel(jobId),
    inspectHatCheckpoint: (checkpoint) => service.inspectHatCheckpoint(checkpoint),
    loadHatCheckpoint: (jobId, request, onProgress) => service.loadHatCheckpoint(jobId, request, onProgress),
    translate: (config, german, beam) => service.translate(config, german, beam),
    // The search worker gets its own channel to this same service (one model in memory, one queue of work).
    connectPort: (port) => expose(api, port),
  };
  return api;
}
