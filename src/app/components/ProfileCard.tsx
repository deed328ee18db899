import { useMemo, useState } from 'react';
import { parseHatDatasetName } from '../../core/latency/device';
import { predictorToJson } from '../../core/latency/json';
import type { LatencyPredictor } from '../../core/latency/predictor';
import { testSplitPoints } from '../../core/latency/test-points';
import { formatCount } from '../format';
import { splitIndices } from '../../core/latency/split';
import { adaptShotCounts, MIN_ROWS_TO_ADAPT, MIN_SHOTS } from '../adapt-shots';
import { APP_SPLIT_SEED, useProfilesStore, type Profile } from '../profiles-store';
import { PredictorMetricsTable } from './PredictorMetricsTable';
import { PredictorScatter } from './PredictorScatter';

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const baseName = (fileName: string): string => fileName.replace(/\.[^.]*$/, '');

/** Whose measurement a built-in profile is, on what hardware, under which licence. */
function HatProvenance({ fileName }: { fileName: string }) {
  const parsed = parseHatDatasetName(fileName);
  return (
    <p className="profile__provenance" data-testid="hat-provenance">
      <span className="badge">HAT’s measurement</span> {parsed?.hardware}, {parsed?.taskLabel} SubTransformers, timed by
      HAT’s authors (mit-han-lab/hardware-aware-transformers, MIT). Its predictor ships with the app, trained by{' '}
      <code>npm run hat-predictors</code> with the app’s recipe and seed.
    </p>
  );
}

function AdaptControls({ profile, bases }: { profile: Profile; bases: Profile[] }) {
  const adaptPredictor = useProfilesStore((s) => s.adaptPredictor);
  const [baseId, setBaseId] = useState('');
  const chosen = bases.find((b) => b.id === baseId) ?? bases[0];
  const split = profile.data ? splitIndices(profile.data.rows.length, APP_SPLIT_SEED) : null;
  const counts = split && split.test.length > 0 ? adaptShotCounts(split.train.length) : [];
  const [picked, setK] = useState(10);
  const k = counts.includes(picked) ? picked : counts[0];
  if (!chosen || !profile.data) return null;
  return (
    <details className="adapt" data-testid="adapt-controls">
      <summary>Adapt another profile’s predictor from a few rows</summary>
      <p className="hint">
        Fits the chosen predictor to the first k rows of this profile’s training split: a log-space shift, an affine
        correction, or a refit of the cost model’s unit costs shrunk towards the base’s, whichever has the lowest
        leave-one-out error on those k rows. Scored on this profile’s test split, with the base’s interval rescaled to
        this device’s spread.
      </p>
      {k === undefined ? (
        <p className="hint" data-testid="adapt-too-few">
          This profile has {profile.data.rows.length} rows: adapting needs at least {MIN_SHOTS} training rows and one
          test row (measure {MIN_ROWS_TO_ADAPT} or more rows).
        </p>
      ) : (
        <>
          <label>
            base{' '}
            <select value={chosen.id} onChange={(e) => setBaseId(e.target.value)}>
              {bases.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.device}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            k{' '}
            <select value={k} onChange={(e) => setK(Number(e.target.value))}>
              {counts.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>{' '}
          <button type="button" className="button" onClick={() => void adaptPredictor(profile.id, chosen.id, k)}>
            Adapt
          </button>
        </>
      )}
    </details>
  );
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** How sure the predictor is: its interval's coverage of the test rows, or why it has none. */
function IntervalSummary({ predictor }: { predictor: LatencyPredictor }) {
  const test = predictor.provenance.intervalTest;
  if (!predictor.interval) {
    return (
      <p className="hint" data-testid="interval-summary">
        No calibrated interval: this predictor is a version-1 file or was trained on too few rows (a 90 % interval needs
        19 held-out rows). Predictions come without one, and a search’s confidence rule falls back to the point
        prediction. Retrain it for an interval.
      </p>
    );
  }
  return (
    <p className="hint" data-testid="interval-summary">
      <strong>90 % interval</strong>
      {test
        ? `: ${pct(test.coverage90)} of ${test.rows} test rows inside, ${pct(test.belowUpper95)} at or below its upper end (the 95 % bound); median width ${pct(test.medianRelativeWidth)} of the prediction.`
        : '.'}{' '}
      Calibrated by {predictor.interval.method}.
    </p>
  );
}

export function ProfileCard({ profile, bases }: { profile: Profile; bases: Profile[] }) {
  const trainPredictor = useProfilesStore((s) => s.trainPredictor);
  const removeProfile = useProfilesStore((s) => s.removeProfile);
  const hideProfile = useProfilesStore((s) => s.hideProfile);
  const { predictor, data, training } = profile;
  // The scatter needs the rows the predictor was tested on: only when the dataset is here and matches.
  const points = useMemo(
    () =>
      predictor && data && predictor.provenance.datasetSha256 === profile.sha256
        ? testSplitPoints(predictor, data.rows)
        : undefined,
    [predictor, data, profile.sha256],
  );
  const outliers = predictor?.provenance.outliers;
  const adaptation = predictor?.provenance.adaptation;
  return (
    <li className="profile" data-testid="profile" data-device={profile.device} data-builtin={profile.builtin ?? false}>
      <div className="dataset__head">
        <span className="dataset__name">{profile.device}</span>
        <span className="dataset__size">{profile.fileName}</span>
        {profile.builtin ? (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void hideProfile(profile.id)}
            aria-label={`Hide profile ${profile.device}`}
            title="Hide it from the lists; HAT's devices above bring it back"
          >
            Hide
          </button>
        ) : (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void removeProfile(profile.id)}
            aria-label={`Remove profile ${profile.fileName}`}
          >
            Remove
          </button>
        )}
      </div>
      {profile.builtin && <HatProvenance fileName={profile.fileName} />}
      <p className="dataset__summary">
        {data ? (
          <strong data-testid="profile-rows">{formatCount(data.summary.rows)} rows</strong>
        ) : (
          <span>predictor only (dataset not imported)</span>
        )}
        {predictor && ` · predictor trained ${predictor.provenance.trainedAt.slice(0, 16).replace('T', ' ')} UTC`}
      </p>
      <div className="profile__actions">
        {data && (
          <button
            type="button"
            className="button"
            data-testid="train-predictor"
            disabled={training !== undefined}
            onClick={() => void trainPredictor(profile.id)}
          >
            {predictor ? 'Retrain predictor' : 'Train predictor'}
          </button>
        )}
        {predictor && (
          <button
            type="button"
            className="button button--quiet"
            data-testid="export-predictor"
            onClick={() =>
              download(
                `${baseName(profile.fileName)}.predictor.json`,
                profile.predictorJson ?? predictorToJson(predictor),
              )
            }
          >
            Export predictor JSON
          </button>
        )}
      </div>
      {training && (
        <p className="profile__progress" role="status" data-testid="training-progress">
          Training… step {training.step} of at most {training.maxSteps}
          {'bestValidMape' in training && `, best validation MAPE ${(training.bestValidMape * 100).toFixed(1)} %`}
        </p>
      )}
      {profile.error && (
        <p className="dataset__errors" role="alert">
          {profile.error}
        </p>
      )}
      {predictor && (
        <>
          {adaptation && (
            <p className="hint" data-testid="adaptation">
              Adapted from {adaptation.baseDevice} with k = {adaptation.k} rows: {adaptation.method}
              {adaptation.leaveOneOutMape
                ? ` (leave-one-out MAPE ${Object.entries(adaptation.leaveOneOutMape)
                    .map(([method, mape]) => `${method} ${(mape * 100).toFixed(1)} %`)
                    .join(', ')})`
                : ''}
              .
            </p>
          )}
          <IntervalSummary predictor={predictor} />
          <PredictorMetricsTable
            ours={predictor.provenance.metrics.test}
            linear={predictor.provenance.metrics.linearTest}
          />
          {outliers && (
            <p className="hint" data-testid="outliers">
              <strong>{formatCount(outliers.count)} rows look like outliers</strong> (beyond {outliers.threshold} robust
              σ of a robust fit; σ ≈ {(outliers.residualSigma * 100).toFixed(1)} %).{' '}
              {outliers.driftBlocks.length > 0
                ? `Measurement drift in rows ${outliers.driftBlocks
                    .map(
                      (b) =>
                        `${b.start + 1}–${b.end} (${b.medianResidual > 0 ? '+' : ''}${(100 * (Math.exp(b.medianResidual) - 1)).toFixed(0)} %)`,
                    )
                    .join(', ')}.`
                : 'No drifted blocks.'}{' '}
              The fit reweights them (Huber), so they pull it less; the interval keeps them, so a config’s upper bound
              allows for a drifted measurement.
            </p>
          )}
          {points && <PredictorScatter {...points} />}
        </>
      )}
      {data && bases.length > 0 && !training && <AdaptControls profile={profile} bases={bases} />}
    </li>
  );
}
