import type { BackendName } from '../tfjs/backend-names';
import { nodeWasmThreads, selectNodeBackend } from '../tfjs/node-backend';
import { ValidationService, type BackendHost } from '../supertransformer/validation-service';
import { readShippedAssets } from './validate';

/** Backends in Node: WASM (with the threads asked for) or plain JavaScript; no GPU. */
export const nodeBackendHost: BackendHost = {
  async activate(name: BackendName, wasmThreads = 1) {
    if (name !== 'wasm' && name !== 'cpu') throw new Error(`${name} is not available in Node`);
    await selectNodeBackend(name, { threads: wasmThreads });
  },
  threading: (name) => ({ threads: name === 'wasm' ? nodeWasmThreads() : 1, notice: null }),
  deviceLost: () => null,
};

/**
 * The validation worker's service in Node: its "base URL" is the model folder (model.json and weights.bin); the
 * tokenizer and valid-search come from `dataDir` (the app's own data folder by default).
 */
export const nodeValidationService = (dataDir?: string): ValidationService =>
  new ValidationService(nodeBackendHost, (modelDir) => readShippedAssets(modelDir, dataDir));
