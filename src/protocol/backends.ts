import type { BackendName, BackendProbe } from '../tfjs/backends';

export type { BackendName, BackendProbe } from '../tfjs/backends';

/**
 * What workers/backends.worker.ts exposes over comlink. One worker probes one backend: a backend whose
 * initialisation hangs (WebGPU on a software adapter sometimes does) would otherwise stall tf.js for the rest.
 */
export interface BackendsWorkerApi {
  probe(name: BackendName): Promise<BackendProbe>;
}
