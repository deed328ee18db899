import { expose } from 'comlink';
import { probeBackend } from '../src/tfjs/backends';
import { availableThreads } from '../src/tfjs/wasm-thread-count';
import type { BackendsWorkerApi } from '../src/protocol/backends';

// WASM is probed with every thread this machine offers, so the strip shows what validation can use.
const api: BackendsWorkerApi = {
  probe: (name) => probeBackend(name, { wasmThreads: availableThreads(navigator.hardwareConcurrency) }),
};

expose(api);
