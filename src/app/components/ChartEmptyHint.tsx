import { useProfilesStore } from '../profiles-store';
import { useSearchStore } from '../search-store';

/** What to do next, over the chart while it has nothing to show. */
export function ChartEmptyHint() {
  const status = useSearchStore((s) => s.run.status);
  const empty = useSearchStore((s) => s.run.points.length === 0);
  const ready = useProfilesStore((s) => s.profiles.some((p) => p.predictor));
  if (!empty || status === 'error') return null;
  const text =
    status === 'loading'
      ? 'Loading the SuperTransformer…'
      : status === 'running' || status === 'paused'
        ? 'Scoring the first population: its points appear here when it is done.'
        : ready
          ? 'Press Start search: every SubTransformer the search scores appears here, and the Pareto front as a line.'
          : 'Pick one of HAT’s measured devices, then Start search: the accuracy–latency front is drawn here as the search runs.';
  return (
    <p className="chart-empty" role="status" data-testid="chart-empty">
      {text}
    </p>
  );
}
