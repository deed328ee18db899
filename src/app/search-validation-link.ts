import { wrap, type Remote } from 'comlink';
import type { ValidationWorkerApi } from '../protocol/validation';

// The validation worker the search talks to; one per page, so the SuperTransformer is loaded once.
let worker: Remote<ValidationWorkerApi> | undefined;

export function getValidationWorkerForSearch(): Remote<ValidationWorkerApi> {
  worker ??= wrap<ValidationWorkerApi>(
    new Worker(new URL('../../workers/validation.worker.ts', import.meta.url), { type: 'module', name: 'validation' }),
  );
  return worker;
}
