/** How validation uses the threads it is given: `workers` validation workers of `threadsPerWorker` WASM threads. */
export interface ValidationLayout {
  workers: number;
  threadsPerWorker: number;
}

/**
 * Workers beyond this each hold another copy of the model (about 25 MB) for a gain nobody has measured here (this
 * machine has 2 cores); past it, threads go into each worker instead.
 */
export const MAX_VALIDATION_WORKERS = 4;

/**
 * One single-threaded worker per thread, up to MAX_VALIDATION_WORKERS. On 2 cores two single-threaded workers
 * validated a search's configs faster than one two-thread worker (README, Performance): tf.js's element-wise
 * kernels run on one thread, so a threaded worker leaves the second core idle for much of each pass, while two
 * workers keep both busy.
 */
export function validationLayout(threads: number): ValidationLayout {
  const total = Math.max(1, Math.floor(threads));
  const workers = Math.min(total, MAX_VALIDATION_WORKERS);
  return { workers, threadsPerWorker: Math.max(1, Math.floor(total / workers)) };
}

/**
 * Validation workers that may work while device measurement holds `measuringThreads` of the `threads` the app
 * uses: the workers whose cores the measurement does not need, so the two never share a core (0 holds validation).
 */
export function workersBesideMeasurement(layout: ValidationLayout, threads: number, measuringThreads: number): number {
  if (measuringThreads <= 0) return layout.workers;
  const free = Math.max(0, threads - measuringThreads);
  return Math.min(layout.workers, Math.floor(free / layout.threadsPerWorker));
}
