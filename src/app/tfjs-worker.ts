import { tfjsWorkerName, type TfjsWorkerRole } from '../protocol/tfjs-worker';

/** A worker running workers/tfjs.worker.ts in `role` (the one script that bundles tf.js). */
export function startTfjsWorker(role: TfjsWorkerRole, label?: string): Worker {
  return new Worker(new URL('../../workers/tfjs.worker.ts', import.meta.url), {
    type: 'module',
    name: tfjsWorkerName(role, label),
  });
}
