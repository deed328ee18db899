import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { withNodeWasmThreads } from './node-wasm-threads';

export type NodeBackend = 'wasm' | 'cpu';

export interface NodeBackendOptions {
  /** WASM threads (tf.js's threaded build); 1, the default, runs the single-threaded SIMD build. */
  threads?: number;
}

/** The thread count this process's WASM backend was started with, once it has been. */
let wasmThreads: number | null = null;

/**
 * Starts tf.js's WASM backend in Node (binaries from the package folder) with `threads` threads. tf.js builds its
 * thread pool once per process, so a later request for another count is refused.
 */
async function startNodeWasm(threads: number): Promise<boolean> {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
  if (wasmThreads !== null && wasmThreads !== threads) {
    throw new Error(`tf.js's WASM backend already runs ${wasmThreads} thread(s) in this process, not ${threads}`);
  }
  if (tf.getBackend() === 'wasm') return true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
  if (threads > 1) setThreadsCount(threads);
  try {
    setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  } catch {
    // It throws once the WASM backend has initialised (another bench started it): the paths it used stand.
  }
  const start = async (): Promise<boolean> => {
    if (!(await tf.setBackend('wasm'))) return false;
    await tf.ready();
    return true;
  };
  const started = threads > 1 ? await withNodeWasmThreads(threads, start) : await start();
  if (started) wasmThreads = threads;
  return started;
}

/** Threads the WASM backend runs (from tf.js), or 1 before it has started or on another backend. */
export function nodeWasmThreads(): number {
  if (tf.getBackend() !== 'wasm') return 1;
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

/** tf.js in Node (CLI, tests, bench): WASM, falling back to 'cpu' if WASM does not start. */
export async function selectNodeTfBackend(
  preferred: NodeBackend = 'wasm',
  options: NodeBackendOptions = {},
): Promise<NodeBackend> {
  if (tf.getBackend() === preferred && (preferred !== 'wasm' || options.threads === undefined)) return preferred;
  if (preferred === 'wasm' && (await startNodeWasm(options.threads ?? 1))) return 'wasm';
  if (!(await tf.setBackend('cpu'))) throw new Error('no tf.js backend could start');
  await tf.ready();
  return 'cpu';
}

/** tf.js in Node on exactly `name`, or an error saying it did not start. */
export async function selectNodeBackend(name: NodeBackend, options: NodeBackendOptions = {}): Promise<void> {
  if (name === 'wasm') {
    if (!(await startNodeWasm(options.threads ?? 1))) throw new Error('tf.js backend wasm did not initialise');
    return;
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.js backend ${name} did not initialise`);
  await tf.ready();
}

/**
 * Ends the threaded backend's pthreads, which would otherwise keep the process alive (their pool waits on a
 * futex). Only needed after a threaded start; the backend cannot be used afterwards.
 */
export function stopNodeWasmThreads(): void {
  if (wasmThreads === null || wasmThreads <= 1 || tf.getBackend() !== 'wasm') return;
  tf.removeBackend('wasm');
  wasmThreads = null;
}
