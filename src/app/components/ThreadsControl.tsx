import { useId } from 'react';
import { useComputeStore } from '../compute-store';
import { validationLayout } from '../validation-layout';

/** The threads the app's tf.js work may use: every logical core by default, fewer if the user wants the rest. */
export function ThreadsControl() {
  const cores = useComputeStore((s) => s.cores);
  const threads = useComputeStore((s) => s.threads);
  const unavailable = useComputeStore((s) => s.threadsUnavailable);
  const setThreads = useComputeStore((s) => s.setThreads);
  const id = useId();
  const { workers, threadsPerWorker } = validationLayout(threads);
  const title =
    `Validation runs ${workers} worker${workers === 1 ? '' : 's'} of ${threadsPerWorker} WASM thread` +
    `${threadsPerWorker === 1 ? '' : 's'}; device measurement takes its threads from these while it runs.` +
    (unavailable ? ` WASM threads within one worker are off here: ${unavailable}.` : '');
  return (
    <label htmlFor={id} className="backend-strip__label" title={title} data-testid="threads-setting">
      Threads{' '}
      <select id={id} value={threads} onChange={(e) => setThreads(Number(e.target.value))}>
        {Array.from({ length: cores }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n} of {cores}
          </option>
        ))}
      </select>
    </label>
  );
}
