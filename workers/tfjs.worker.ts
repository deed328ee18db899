import { expose } from 'comlink';
import { tfjsWorkerRole, type TfjsWorkerRole } from '../src/protocol/tfjs-worker';
import { backendsWorkerApi } from './roles/backends';
import { latencyWorkerApi } from './roles/latency';
import { predictorWorkerApi } from './roles/predictor';
import { validationWorkerApi } from './roles/validation';

/**
 * Every worker that runs tf.js starts this one script and takes the role its name gives (src/protocol/tfjs-worker.ts),
 * so the browser downloads and caches tf.js once instead of once per kind of worker.
 */
const roles: Record<TfjsWorkerRole, () => object> = {
  probe: backendsWorkerApi,
  predictor: predictorWorkerApi,
  latency: latencyWorkerApi,
  validation: validationWorkerApi,
};

const role = tfjsWorkerRole(self.name);
if (!role) throw new Error(`a tf.js worker needs a role in its name, got "${self.name}"`);
expose(roles[role]());
