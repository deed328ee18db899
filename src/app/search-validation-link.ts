import { wrap, type Remote } from 'comlink';
import type { ValidationWorkerApi } from '../protocol/validation';
import { useComputeStore } from './compute-store';
import { validationLayout, type ValidationLayout } from './validation-layout';
import { startTfjsWorker } from './tfjs-worker';

interface ValidationWorkers {
  layout: ValidationLayout;
  workers: Array<Remote<ValidationWorkerApi>>;
  raw: Worker[];
}

// The search's validation workers, shared with the chart and the inspector so the SuperTransformer is loaded once
// per worker; rebuilt when the thread setting asks for another layout.
let current: ValidationWorkers | undefined;

const sameLayout = (a: ValidationLayout, b: ValidationLayout): boolean =>
  a.workers === b.workers && a.threadsPerWorker === b.threadsPerWorker;

/** The layout the thread setting asks for now. */
export const currentValidationLayout = (): ValidationLayout => validationLayout(useComputeStore.getState().threads);

/**
 * The validation workers for `layout`, created on first use; a different layout ends the old workers (a worker's
 * WASM thread count is fixed once its backend starts) and starts new ones. `changed` says whether that happened.
 */
export function validationWorkers(layout = currentValidationLayout()): ValidationWorkers & { changed: boolean } {
  if (current && sameLayout(current.layout, layout)) return { ...current, changed: false };
  current?.raw.forEach((worker) => worker.terminate());
  const raw = Array.from({ length: layout.workers }, (_, i) => startTfjsWorker('validation', `search-${i + 1}`));
  current = { layout, raw, workers: raw.map((worker) => wrap<ValidationWorkerApi>(worker)) };
  return { ...current, changed: true };
}
