import { useComputeStore } from '../compute-store';
import { validationLayout, workersBesideMeasurement } from '../validation-layout';

/**
 * Says how device measurement and the search's validation share the threads while a measurement runs, so the two
 * never compete for a core without the user knowing (validation gives the measurement's cores up).
 */
export function CoreShareNotice() {
  const threads = useComputeStore((s) => s.threads);
  const measuring = useComputeStore((s) => s.measuringThreads);
  if (measuring <= 0) return null;
  const layout = validationLayout(threads);
  const workers = workersBesideMeasurement(layout, threads, measuring);
  const share =
    workers === 0
      ? 'search validation waits until it ends'
      : `search validation keeps ${workers} of its ${layout.workers} worker${layout.workers === 1 ? '' : 's'}`;
  return (
    <p className="hint" role="status" data-testid="core-share">
      Device measurement holds {measuring} of the {threads} thread{threads === 1 ? '' : 's'} this page uses; {share}.
    </p>
  );
}
