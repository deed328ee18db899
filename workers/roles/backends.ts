import { probeBackend } from '../../src/tfjs/backends';
import { availableThreads } from '../../src/tfjs/wasm-thread-count';
import type { BackendsWorkerApi } from '../../src/protocol/backends';

/** The backend probe (one backend per worker). WASM is probed with every thread this machine offers. */
export function backendsWorkerApi(): BackendsWorkerApi {
  return { probe: (name) => probeBackend(name, { wasmThreads: availableThreads(navigator.hardwareConcurrency) }) };
}
