import type { Remote } from 'comlink';
import type { ValidationWorkerApi } from '../protocol/validation';
import { getValidationWorkerForSearch, validationWasmThreads } from './search-validation-link';
import { appBaseUrl } from './search-worker';

/**
 * The page's one validation worker (the search's too, so the SuperTransformer is loaded once), loaded with the
 * shipped model before use. load() is idempotent per backend, so calling this before every job is cheap.
 */
export async function loadedValidationWorker(): Promise<Remote<ValidationWorkerApi>> {
  const worker = getValidationWorkerForSearch();
  await worker.load({ backend: 'auto', baseUrl: appBaseUrl(), wasmThreads: validationWasmThreads() });
  return worker;
}

// Job ids of the main thread's own validations; far above the search worker's so cancel() never mixes them up.
let nextJobId = 1_000_000_000;
export const newValidationJobId = (): number => nextJobId++;
