import './MeasureDevice.css';
import { useEffect, useId } from 'react';
import { referenceDrifts, sampleRows, type MeasureSettings } from '../../core/latency/measure-plan';
import { BUILTIN_SPACE_NAMES } from '../../core/space';
import { BACKEND_NAMES } from '../../tfjs/backend-names';
import type { MeasureBackend } from '../../protocol/latency';
import { formatCount, formatLatencyMs } from '../format';
import { useMeasureStore, type MeasureRunView } from '../measure-store';
import { useAppStore } from '../store';
import { CoreShareNotice } from './CoreShareNotice';

const formatDrift = (drift: number): string => `${drift >= 0 ? '+' : '−'}${Math.abs(drift * 100).toFixed(1)} %`;

function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating…';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  testId: string;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id} className="measure__field">
      {props.label}
      <input
        id={id}
        type="number"
        min={props.min}
        step={1}
        value={props.value}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(Math.floor(Number(e.target.value)))}
      />
    </label>
  );
}

function DriftLine({ view }: { view: MeasureRunView }) {
  const drifts = referenceDrifts(view.items);
  if (drifts.length < 2) return null;
  const last = drifts[drifts.length - 1]!;
  const worst = drifts.reduce((m, d) => (Math.abs(d.drift) > Math.abs(m.drift) ? d : m));
  return (
    <span data-testid="run-drift">
      {' '}
      · reference drift {formatDrift(last.drift)} now, largest {formatDrift(worst.drift)} (after{' '}
      {formatCount(worst.afterSamples)} rows)
    </span>
  );
}

function RunItem({ view }: { view: MeasureRunView }) {
  const activity = useMeasureStore((s) => s.activity);
  const resume = useMeasureStore((s) => s.resume);
  const exportRun = useMeasureStore((s) => s.exportRun);
  const addAsProfile = useMeasureStore((s) => s.addAsProfile);
  const deleteRun = useMeasureStore((s) => s.deleteRun);
  const { run, items } = view;
  const rows = sampleRows(items).length;
  const active = activity.kind !== 'idle' && activity.runId === run.id;
  // A stored "running" run that this tab is not driving was cut off by a reload or a closed tab.
  const status = active ? activity.kind : run.status === 'running' ? 'interrupted' : run.status;
  const resumable = !active && ['interrupted', 'paused', 'failed'].includes(status);
  return (
    <li className="profile" data-testid="measure-run" data-status={status} data-rows={rows}>
      <div className="dataset__head">
        <span className="dataset__name">
          {run.space} on {run.backend}
        </span>
        <span className="dataset__size">started {run.startedAt.slice(0, 16).replace('T', ' ')} UTC</span>
      </div>
      <p className="dataset__summary">
        <strong data-testid="run-rows">
          {formatCount(rows)} of {formatCount(run.count)} rows
        </strong>{' '}
        · {status}
        <DriftLine view={view} />
      </p>
      {run.error && (
        <p className="dataset__errors" role="alert">
          {run.error}
        </p>
      )}
      <div className="profile__actions">
        {resumable && (
          <button
            type="button"
            className="button"
            data-testid="run-resume"
            disabled={activity.kind !== 'idle'}
            onClick={() => void resume(run.id)}
          >
            Resume
          </button>
        )}
        <button
          type="button"
          className="button button--quiet"
          data-testid="run-export"
          disabled={rows === 0}
          onClick={() => exportRun(run.id)}
        >
          Export CSV + device JSON
        </button>
        <button
          type="button"
          className="button button--quiet"
          data-testid="run-add-profile"
          disabled={rows === 0}
          onClick={() => void addAsProfile(run.id)}
        >
          Add as profile
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={active}
          onClick={() => void deleteRun(run.id)}
          aria-label={`Delete the measurement run started ${run.startedAt}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

function Progress() {
  const activity = useMeasureStore((s) => s.activity);
  if (activity.kind === 'idle') return null;
  const p = activity.progress;
  const last = p?.last;
  const drift = p?.drift ?? [];
  return (
    <div className="profile__progress" role="status" aria-live="polite" data-testid="measure-progress">
      {activity.kind === 'starting' && !p && 'Starting the backend and building the model at the space’s real size…'}
      {p && (
        <>
          <span data-testid="measure-count">
            {formatCount(p.samplesMeasured)} of {formatCount(p.samples)} rows ({p.measured} of {p.total} timings with
            the reference)
          </span>
          , ETA <span data-testid="measure-eta">{formatEta(p.etaMs)}</span>
          {activity.kind === 'pausing' && ' · pausing after the current run…'}
          {activity.kind === 'cancelling' && ' · cancelling…'}
          {last && (
            <>
              <br />
              last {last.kind === 'sample' ? `row ${last.ordinal + 1}` : 'reference'}: encoder{' '}
              {formatLatencyMs(last.row.latencyMeanEncoderMs)}, decoder {formatLatencyMs(last.row.latencyMeanDecoderMs)}
            </>
          )}
          {drift.length > 0 && (
            <>
              <br />
              <span data-testid="measure-drift">
                reference config: {formatLatencyMs(drift[drift.length - 1]!.totalMs)}
                {drift.length > 1 && `, drift ${formatDrift(drift[drift.length - 1]!.drift)} since the first timing`}
              </span>
            </>
          )}
        </>
      )}
    </div>
  );
}

/** "Measure this device": HAT's latency protocol on a chosen backend, stored row by row, resumable after reload. */
export function MeasureDevice() {
  const form = useMeasureStore((s) => s.form);
  const setForm = useMeasureStore((s) => s.setForm);
  const runs = useMeasureStore((s) => s.runs);
  const activity = useMeasureStore((s) => s.activity);
  const error = useMeasureStore((s) => s.error);
  const hydrate = useMeasureStore((s) => s.hydrate);
  const start = useMeasureStore((s) => s.start);
  const pause = useMeasureStore((s) => s.pause);
  const cancel = useMeasureStore((s) => s.cancel);
  const backends = useAppStore((s) => s.backends);
  const spaceId = useId();
  const backendId = useId();
  useEffect(() => {
    void hydrate();
  }, [hydrate]);
  const busy = activity.kind !== 'idle';
  const available = (name: string): boolean =>
    backends.status !== 'done' || backends.probes.some((p) => p.name === name && p.available);
  const setting = (key: keyof MeasureSettings) => (value: number) => setForm({ settings: { [key]: value } });
  return (
    <section className="profiles" data-testid="measure-device" aria-labelledby={`${spaceId}-title`}>
      <h3 id={`${spaceId}-title`}>Measure this device</h3>
      <p className="hint">
        Times SubTransformers sampled from a space with HAT’s protocol (batch 1, beam {form.settings.beam}, a
        {form.space === 'hat-iwslt' ? ' 23' : ' 30'}-token source and as many decoder steps with a key/value cache, 10 %
        trimmed each end) on a model of the space’s real size with random weights. Each row is saved the moment it is
        measured; a reload keeps them and the run can be resumed.
      </p>
      <div className="measure__form">
        <label htmlFor={backendId} className="measure__field">
          backend
          <select
            id={backendId}
            value={form.backend}
            disabled={busy}
            data-testid="measure-backend"
            onChange={(e) => setForm({ backend: e.target.value as MeasureBackend })}
          >
            {BACKEND_NAMES.map((name) => (
              // Not disabled: a probe can time out on a busy machine; the worker says why if the backend fails.
              <option key={name} value={name}>
                {name}
                {available(name) ? '' : ' (the probe failed)'}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={spaceId} className="measure__field">
          space
          <select
            id={spaceId}
            value={form.space}
            disabled={busy}
            data-testid="measure-space"
            onChange={(e) => setForm({ space: e.target.value })}
          >
            {BUILTIN_SPACE_NAMES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <NumberField
          label="rows"
          value={form.count}
          min={1}
          testId="measure-count-input"
          disabled={busy}
          onChange={(count) => setForm({ count })}
        />
        <NumberField
          label="seed"
          value={form.seed}
          min={0}
          testId="measure-seed"
          disabled={busy}
          onChange={(seed) => setForm({ seed })}
        />
      </div>
      <details className="adapt">
        <summary>Protocol settings</summary>
        <div className="measure__form">
          <NumberField
            label="timed runs (latiter)"
            value={form.settings.latIter}
            min={2}
            testId="measure-latiter"
            disabled={busy}
            onChange={setting('latIter')}
          />
          <NumberField
            label="dry runs"
            value={form.settings.dryRuns}
            min={0}
            testId="measure-dry-runs"
            disabled={busy}
            onChange={setting('dryRuns')}
          />
          <NumberField
            label="vocabulary"
            value={form.settings.vocabSize}
            min={8}
            testId="measure-vocab"
            disabled={busy}
            onChange={setting('vocabSize')}
          />
          <NumberField
            label="reference every N rows"
            value={form.settings.referenceEvery}
            min={1}
            testId="measure-reference-every"
            disabled={busy}
            onChange={setting('referenceEvery')}
          />
          <NumberField
            label="WASM threads (HAT: 1)"
            value={form.settings.threads}
            min={1}
            testId="measure-threads"
            disabled={busy}
            onChange={setting('threads')}
          />
        </div>
      </details>
      <div className="profile__actions">
        <button
          type="button"
          className="button"
          data-testid="measure-start"
          disabled={busy}
          onClick={() => void start()}
        >
          Start measuring
        </button>
        <button
          type="button"
          className="button button--quiet"
          data-testid="measure-pause"
          disabled={activity.kind !== 'running' && activity.kind !== 'starting'}
          onClick={pause}
        >
          Pause
        </button>
        <button
          type="button"
          className="button button--quiet"
          data-testid="measure-cancel"
          disabled={!busy || activity.kind === 'cancelling'}
          onClick={cancel}
        >
          Cancel
        </button>
      </div>
      <Progress />
      <CoreShareNotice />
      {error && (
        <p className="dataset__errors" role="alert" data-testid="measure-error">
          {error}
        </p>
      )}
      {runs.length > 0 && (
        <ul className="datasets" aria-label="Measurement runs">
          {runs.map((view) => (
            <RunItem key={view.run.id} view={view} />
          ))}
        </ul>
      )}
    </section>
  );
}
