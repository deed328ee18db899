import { expose } from 'comlink';
import { browserBackendHost, fetchShippedAssets } from '../src/supertransformer/browser-load';
import { ValidationService } from '../src/supertransformer/validation-service';
import type { ValidationWorkerApi } from '../src/protocol/validation';

const service = new ValidationService(browserBackendHost, fetchShippedAssets);

const api: ValidationWorkerApi = {
  load: (options) => service.load(options),
  validateBatch: (jobId, configs, onProgress) => service.validateBatch(jobId, configs, onProgress),
  cancel: (jobId) => service.cancel(jobId),
  inspectHatCheckpoint: (checkpoint) => service.inspectHatCheckpoint(checkpoint),
  loadHatCheckpoint: (jobId, request, onProgress) => service.loadHatCheckpoint(jobId, request, onProgress),
  translate: (config, german, beam) => service.translate(config, german, beam),
  // The search worker gets its own channel to this same service (one model in memory, one queue of work).
  connectPort: (port) => expose(api, port),
};

expose(api);
