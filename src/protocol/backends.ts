import type { BackendProbe } from '../model/backends';

export type { BackendName, BackendProbe } from '../model/backends';

/** What workers/backends.worker.ts exposes over comlink. */
export interface BackendsWorkerApi {
  /** Tries every tf.js backend in turn and reports which really work in a worker. */
  probeAll(): Promise<BackendProbe[]>;
}
