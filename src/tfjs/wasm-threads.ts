import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The WASM binaries are bundled and served by the app itself, never fetched from a CDN.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import threadedSimdFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedSimdSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { threadsUnavailableReason, type WasmThreading } from './wasm-thread-count';

export type { WasmThreading } from './wasm-thread-count';

/**
 * tf.js starts each pthread worker from `factory.toString()`, the Emscripten factory's own source text. Once Vite
 * minifies the bundle, that text is no longer self-contained: the factory's `typeof _scriptDir !== "undefined"` guard
 * on a variable of its enclosing closure is folded into a bare reference to the mangled name (`e`), and the pthread
 * worker, which evaluates the text at its global scope, fails with `ReferenceError: e is not defined` while tf.js
 * waits forever. Handing tf.js the package's original, unminified script (which defines the factory as a global, as
 * Emscripten intended) makes the workers start whatever the bundler does to the main copy.
 */
function makePthreadScriptSelfContained(): void {
  const source = `(function () {\n${threadedSimdSource}\n;return WasmBackendModuleThreadedSimd;\n})()`;
  Object.defineProperty(threadedSimdFactory, 'toString', { value: () => source, configurable: true });
}

let configured: { requested: number; notice: string | null } | null = null;

/**
 * Sets up tf.js's WASM backend for this worker with `threads` threads (1 = the single-threaded SIMD build). Must run
 * before the backend first initialises; the count is fixed for the worker's lifetime after that (tf.js builds its
 * thread pool once), so asking again for another count throws.
 */
export function configureWasm(threads = 1): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  if (configured) {
    if (configured.requested !== threads) {
      throw new Error(
        `this worker's WASM backend was set up for ${configured.requested} thread(s); a new worker is needed for ${threads}`,
      );
    }
    return;
  }
  const reason = threads > 1 ? threadsUnavailableReason(globalThis) : null;
  const threaded = threads > 1 && reason === null;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  if (threaded) {
    makePthreadScriptSelfContained();
    setThreadsCount(threads);
  }
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  configured = { requested: threads, notice: reason ? `WASM runs on one thread: ${reason}` : null };
}

/**
 * tf.js caps its thread pool at navigator.hardwareConcurrency / 2 (it assumes two hyperthreads per core), which is
 * one thread on a 2-core machine whatever was asked. The cap is read once, while the module initialises, so the
 * count reported there is raised for exactly that long.
 */
export async function withWasmThreadCap<T>(initialise: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  const requested = configured?.requested ?? 1;
  if (!nav || requested <= 1) return initialise();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * requested, configurable: true });
  try {
    return await initialise();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** What the initialised WASM backend runs on (threads from tf.js itself), for reports and provenance. */
export function wasmThreading(): WasmThreading {
  let threads: number;
  try {
    threads = getThreadsCount();
  } catch {
    // Not initialised yet.
    threads = 1;
  }
  return { requested: configured?.requested ?? 1, threads, notice: configured?.notice ?? null };
}
