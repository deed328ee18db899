import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The WASM binaries are bundled and served by the app itself, never fetched from a CDN.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import type { BackendName } from './backend-names';

export { BACKEND_NAMES, type BackendName } from './backend-names';

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** Why it is unavailable, or what it runs on. */
  detail: string;
}

let wasmPathsSet = false;

export function configureWasmPaths(): void {
  if (wasmPathsSet) return;
  // The threaded build's pthread workers fail to start once bundled ("e is not defined" in their blob
  // script) and tf.js then waits forever; the single-threaded SIMD build works, so use it.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  wasmPathsSet = true;
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
  if (name === 'wasm') return 'WebAssembly, SIMD, single-threaded';
  if (name === 'cpu') return 'plain JavaScript';
  return 'ready';
}

export async function probeBackend(name: BackendName): Promise<BackendProbe> {
  try {
    const missing = await precondition(name);
    if (missing) return { name, available: false, detail: missing };
    if (name === 'wasm') configureWasmPaths();
    if (!(await tf.setBackend(name))) return { name, available: false, detail: 'tf.js could not initialise it' };
    await tf.ready();
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
    const values = Array.from(await product.data());
    product.dispose();
    const expected = [19, 22, 43, 50];
    if (values.some((v, i) => Math.abs(v - (expected[i] as number)) > 1e-3)) {
      return { name, available: false, detail: `computed a wrong product [${values.join(', ')}]` };
    }
    return { name, available: true, detail: describeBackend(name) };
  } catch (error) {
    return { name, available: false, detail: (error as Error).message || String(error) };
  }
}
