import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
/** The package's own Emscripten factory script: what a pthread must load to join the module. */
const FACTORY_SCRIPT = join(packageDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');

interface PthreadLoadMessage {
  cmd?: string;
  urlOrBlob?: unknown;
}

type WorkerConstructor = new (
  url: string | URL,
  options?: object,
) => {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
};

/**
 * Node's Worker for Emscripten's pthreads. tf.js locates the pthread script as a blob: URL and hands each pthread a
 * Blob of the factory's source text to importScripts; Node's Worker can start neither. This one starts tf.js's
 * pthread script as eval code (newlines escaped, as tf.js does for its Blob) and points the pthread at the
 * package's factory file, which Emscripten's Node pthread code reads with fs.
 */
function pthreadWorkerClass(Base: WorkerConstructor): WorkerConstructor {
  const { wasmWorkerContents } = require(join(packageDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  const script = wasmWorkerContents.replace(/\n/g, '\\n');
  return class PthreadWorker extends Base {
    constructor(url: string | URL, options?: object) {
      if (typeof url === 'string' && url.startsWith('blob:')) super(script, { eval: true });
      else super(url, options);
    }

    override postMessage(message: unknown, transfer?: readonly unknown[]): void {
      const load = message as PthreadLoadMessage;
      const patched =
        load?.cmd === 'load' && typeof load.urlOrBlob !== 'string' ? { ...load, urlOrBlob: FACTORY_SCRIPT } : message;
      super.postMessage(patched, transfer);
    }
  };
}

/**
 * Runs `initialise` (tf.js's WASM backend starting) so that its threaded build works in Node with `threads` threads.
 * tf.js itself switches threads off in Node (tfjs issue 3830: its pthreads cannot start there) and caps the pool at
 * os.cpus().length / 2, one thread on a 2-core machine; both are worked around for the duration of the start-up,
 * which is when Emscripten creates its pthread workers and tf.js sizes its pool.
 */
export async function withNodeWasmThreads<T>(threads: number, initialise: () => Promise<T>): Promise<T> {
  const workerThreads = require('node:worker_threads') as { Worker: WorkerConstructor };
  const os = require('node:os') as { cpus: () => unknown[] };
  const { Worker } = workerThreads;
  const { cpus } = os;
  workerThreads.Worker = pthreadWorkerClass(Worker);
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  try {
    return await initialise();
  } finally {
    workerThreads.Worker = Worker;
    os.cpus = cpus;
  }
}
