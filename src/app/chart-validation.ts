import type { Remote } from 'comlink';
import type { ValidationWorkerApi } from '../protocol/validation';
import { ensureAccuracyModel } from './accuracy-model-store';
import { useSearchStore } from './search-store';
import { getValidationWorkerForSearch } from './search-validation-link';

/**
 * The page's one validation worker (the search's too, so the SuperTransformer is loaded once), holding the chosen
 * accuracy model (the shipped demo or the imported HAT checkpoint) before use. Loading is idempotent, so calling
 * this before every job is cheap.
 */
export async function loadedValidationWorker(): Promise<Remote<ValidationWorkerApi>> {
  await ensureAccuracyModel(useSearchStore.getState().settings.accuracyModel);
  return getValidationWorkerForSearch();
}

// Job ids of the main thread's own validations; far above the search worker's so cancel() never mixes them up.
let nextJobId = 1_000_000_000;
export const newValidationJobId = (): number => nextJobId++;
