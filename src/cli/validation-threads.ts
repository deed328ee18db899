import { Worker } from 'node:worker_threads';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ValidationWorkerApi } from '../protocol/validation';
import { ValidationPool, type PoolPort } from '../supertransformer/validation-pool';
import { nodeValidationService } from './node-validation';

type ThreadApi = Pick<ValidationWorkerApi, 'load' | 'validateBatch' | 'cancel'>;

/** A validation pool and how to end it (its threads would keep the process alive). */
export interface NodeValidationPool {
  pool: ValidationPool;
  close(): Promise<void>;
}

/**
 * `threads` validation workers for the CLI: tf.js's WASM backend runs one thread in Node, so N threads are N worker
 * threads with a backend and a copy of the model each, sharing each batch of configs (one config, as from `validate`
 * with one file, is split into shares of the validation set). One thread validates in this process. `dataDir` holds
 * the tokenizer and valid-search (the app's own data folder by default).
 */
export function startNodeValidationPool(threads: number, dataDir?: string): NodeValidationPool {
  if (threads <= 1) {
    const service = nodeValidationService(dataDir);
    return { pool: new ValidationPool([service]), close: async () => service.dispose() };
  }
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(new URL('./tsx-thread.mjs', import.meta.url), {
        workerData: { entry: new URL('./validation-thread.ts', import.meta.url).href, dataDir },
      }),
  );
  const remotes: Array<Remote<ThreadApi>> = workers.map((worker) => wrap<ThreadApi>(nodeEndpoint(worker)));
  return {
    pool: new ValidationPool(remotes as unknown as PoolPort[]),
    async close() {
      for (const remote of remotes) remote[releaseProxy]();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
