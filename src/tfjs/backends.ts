import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from './backend-names';
import { configureWasm, wasmThreading, withWasmThreadCap } from './wasm-threads';

export { BACKEND_NAMES, type BackendName } from './backend-names';

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** Why it is unavailable, or what it runs on. */
  detail: string;
  /** For an available WASM backend: the threads tf.js really runs (1 for the others). */
  threads?: number;
}

export interface BackendOptions {
  /** Threads for the WASM backend (fixed per worker once it has initialised); 1 by default. */
  wasmThreads?: number;
}

async function precondition(name: BackendName): Promise<string | null> {
  const scope = globalThis as { navigator?: Navigator & { gpu?: { requestAdapter(): Promise<unknown> } } };
  if (name === 'webgpu') {
    if (!scope.navigator?.gpu) return 'navigator.gpu is missing (WebGPU not enabled in this browser)';
    if (!(await scope.navigator.gpu.requestAdapter())) return 'no WebGPU adapter';
  }
  if (name === 'wasm' && typeof WebAssembly === 'undefined') return 'WebAssembly is not supported';
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') return 'OffscreenCanvas is missing';
  return null;
}

function describeBackend(name: BackendName): string {
  if (name === 'wasm') {
    const { threads, notice } = wasmThreading();
    return `WebAssembly, SIMD, ${threads === 1 ? 'one thread' : `${threads} threads`}${notice ? ` (${notice})` : ''}`;
  }
  if (name === 'cpu') return 'plain JavaScript';
  return 'ready';
}

/** Makes `name` tf.js's backend in this worker (initialising it on first use); false if tf.js could not. */
async function activate(name: BackendName, options: BackendOptions): Promise<boolean> {
  if (name !== 'wasm') return tf.setBackend(name);
  configureWasm(options.wasmThreads ?? 1);
  return withWasmThreadCap(async () => {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return true;
  });
}

export async function probeBackend(name: BackendName, options: BackendOptions = {}): Promise<BackendProbe> {
  try {
    const missing = await precondition(name);
    if (missing) return { name, available: false, detail: missing };
    if (!(await activate(name, options))) return { name, available: false, detail: 'tf.js could not initialise it' };
    await tf.ready();
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
    const values = Array.from(await product.data());
    product.dispose();
    const expected = [19, 22, 43, 50];
    if (values.some((v, i) => Math.abs(v - (expected[i] as number)) > 1e-3)) {
      return { name, available: false, detail: `computed a wrong product [${values.join(', ')}]` };
    }
    return {
      name,
      available: true,
      detail: describeBackend(name),
      threads: name === 'wasm' ? wasmThreading().threads : 1,
    };
  } catch (error) {
    return { name, available: false, detail: (error as Error).message || String(error) };
  }
}
