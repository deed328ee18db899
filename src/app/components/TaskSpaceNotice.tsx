import { taskSpaceMismatch } from '../../core/latency/device';

/** A warning, not a block, when the search's profile was measured for another task's space. */
export function TaskSpaceNotice({ fileName, space }: { fileName: string | undefined; space: string }) {
  const warning = fileName ? taskSpaceMismatch(fileName, space) : null;
  if (!warning) return null;
  return (
    <p className="search-notice search-notice--warning" role="status" data-testid="task-space-warning">
      Note: {warning}. The search still runs.
    </p>
  );
}
