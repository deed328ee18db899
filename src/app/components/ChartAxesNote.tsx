import { describeAccuracyModel } from '../../supertransformer/model-description';
import { SHIPPED_MODEL_CARD } from '../../supertransformer/model-meta';
import { useAccuracyModelMeta } from '../accuracy-model-meta';
import { useProfilesStore } from '../profiles-store';
import { useSearchStore } from '../search-store';

/** What the y axis scores: the model's own record, and where its figures are. */
function AccuracyLine() {
  const model = useAccuracyModelMeta();
  if (model.status !== 'ready') {
    return (
      <p className="chart-axes__line" data-testid="accuracy-axis">
        <strong>Accuracy (y)</strong>: validation loss in nats, from the shipped SuperTransformer
        {model.status === 'error' ? ` (its record could not be read: ${model.message})` : ''}.
      </p>
    );
  }
  const { name, training, caveat } = describeAccuracyModel(model.meta);
  return (
    <p className="chart-axes__line" data-testid="accuracy-axis">
      <strong>Accuracy (y)</strong>: validation loss in nats, from {name} ({training}): {caveat}.{' '}
      <a href={`${import.meta.env.BASE_URL}${SHIPPED_MODEL_CARD}`} target="_blank" rel="noopener">
        Model card
      </a>
    </p>
  );
}

/** What the x axis predicts: the search's profile. */
function LatencyLine() {
  const profileId = useSearchStore((s) => s.run.runSettings?.profileId ?? s.settings.profileId);
  const profile = useProfilesStore((s) => s.profiles.find((p) => p.id === profileId));
  return (
    <p className="chart-axes__line" data-testid="latency-axis">
      <strong>Latency (x)</strong>:{' '}
      {profile ? (
        <>
          predicted total (encoder + decoder) for <span data-testid="latency-axis-profile">{profile.device}</span>
          {profile.builtin ? ', from HAT’s measurement' : ''}, by its predictor.
        </>
      ) : (
        'predicted by the latency profile the search uses (none chosen yet).'
      )}
    </p>
  );
}

/** One line per axis beside the chart: which model scored the points, which device's predictor placed them. */
export function ChartAxesNote() {
  return (
    <div className="chart-axes">
      <AccuracyLine />
      <LatencyLine />
    </div>
  );
}
