import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { nodeValidationService } from './node-validation';

// One of the CLI's validation threads: the validation worker's service on its own tf.js backend.
const service = nodeValidationService((workerData as { dataDir?: string }).dataDir);
expose(
  {
    load: service.load.bind(service),
    validateBatch: service.validateBatch.bind(service),
    cancel: service.cancel.bind(service),
  },
  nodeEndpoint(parentPort!),
);
