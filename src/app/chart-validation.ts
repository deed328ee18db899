import type { ValidationWorkerApi } from '../protocol/validation';
import { ValidationPool } from '../supertransformer/validation-pool';
import { validationWorkers } from './search-validation-link';
import { appBaseUrl } from './search-worker';

// Job ids of the main thread's own validations; far above the search worker's so cancel() never mixes them up.
const FIRST_PAGE_JOB_ID = 1_000_000_000;
let nextJobId = FIRST_PAGE_JOB_ID;
export const newValidationJobId = (): number => nextJobId++;

let pool: { workers: readonly object[]; pool: ValidationPool } | undefined;

/**
 * The search's validation workers, loaded with the shipped model, for the chart's and the inspector's own
 * validations (so the SuperTransformer is loaded once per worker): a config is split over all of them as shares of
 * the validation set, which beat one worker of as many threads here. Translation runs on the first. load() is
 * idempotent per backend, so calling this before every job is cheap.
 */
export async function loadedValidationWorker(): Promise<Pick<ValidationWorkerApi, 'validateBatch' | 'translate'>> {
  const { workers, layout } = validationWorkers();
  if (pool?.workers !== workers) pool = { workers, pool: new ValidationPool(workers, FIRST_PAGE_JOB_ID * 2) };
  await pool.pool.load({ backend: 'auto', baseUrl: appBaseUrl(), wasmThreads: layout.threadsPerWorker });
  const { pool: current } = pool;
  return {
    validateBatch: (jobId, configs, onProgress) => current.validateBatch(jobId, configs, onProgress),
    translate: (config, german, beam) => workers[0]!.translate(config, german, beam),
  };
}
