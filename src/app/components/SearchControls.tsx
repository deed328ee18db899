import { useEffect, useId, useMemo, useState } from 'react';
import { formatCount, formatLatencyMs } from '../format';
import { useProfilesStore } from '../profiles-store';
import { parseBudgets, predictedLatencyRange, settingsForProfile } from '../search-budgets';
import { settingsProblem, useSearchStore, type SearchAlgorithm, type SearchRunView } from '../search-store';
import { CoreShareNotice } from './CoreShareNotice';
import { hatProportions } from '../../core/search/settings';
import { searchSpaceOf } from '../search-space';
import { AccuracyModelField, SearchSpaceField, useAccuracyModelProblem } from './AccuracyModelField';
import { TaskSpaceNotice } from './TaskSpaceNotice';
import './search-controls.css';

const ALGORITHMS: { value: SearchAlgorithm; label: string; budgets: string }[] = [
  { value: 'hat', label: 'HAT evolution (one budget)', budgets: 'Latency budget (ms)' },
  { value: 'sweep', label: 'HAT sweep (one search per budget)', budgets: 'Latency budgets (ms, comma-separated)' },
  { value: 'nsga2', label: 'NSGA-II (the whole front)', budgets: 'Latency cap (ms, optional)' },
];

const sameNumbers = (a: readonly number[] | null, b: readonly number[]): boolean =>
  a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

/** A number input that keeps what the user typed (an empty or partial entry) and reports only valid numbers. */
function NumberField(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min: number;
  max?: number;
  step?: number;
  integer?: boolean;
  hint?: string;
  testId: string;
}) {
  const { label, value, onChange, min, max, step = 1, integer = true, hint, testId } = props;
  const id = useId();
  const [text, setText] = useState(String(value));
  const [synced, setSynced] = useState(value);
  // The store changed from elsewhere (HAT proportions, a resumed run, the URL): show the new value.
  if (synced !== value) {
    setSynced(value);
    if (Number(text) !== value) setText(String(value));
  }
  const parsed = Number(text);
  const valid =
    text.trim() !== '' &&
    Number.isFinite(parsed) &&
    parsed >= min &&
    (max === undefined || parsed <= max) &&
    (!integer || Number.isInteger(parsed));
  return (
    <div className="search-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={!valid}
        aria-describedby={hint ? `${id}-hint` : undefined}
        data-testid={testId}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isFinite(next)) onChange(next);
        }}
      />
      {hint && (
        <span id={`${id}-hint`} className="search-field__hint">
          {hint}
        </span>
      )}
    </div>
  );
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

/** What the engine's LatencyConstraintError says, turned into what to do about it. */
function budgetAdvice(message: string | null): string | null {
  const match = message?.match(/smallest (predicted latency|[\d.]+ % upper bound) was ([\d.]+) ms/);
  if (!match) return null;
  const what = match[1] === 'predicted latency' ? 'the fastest config seen' : `the lowest ${match[1]} seen`;
  return `Raise the budget above ${formatLatencyMs(Number(match[2]))} (${what}).`;
}

/** The budget rules on offer: HAT's point prediction, or an upper bound of the predictor's calibrated interval. */
const BUDGET_RULES: { value: number | null; label: string }[] = [
  { value: null, label: 'predicted latency (HAT’s rule)' },
  { value: 0.9, label: 'met with 90 % confidence' },
  { value: 0.95, label: 'met with 95 % confidence' },
  { value: 0.99, label: 'met with 99 % confidence' },
];

/** The progress bar and its line; it alone follows the per-config progress ticks. */
function RunProgress({ run }: { run: SearchRunView }) {
  const progress = useSearchStore((s) => s.progress);
  const active = run.status === 'running' || run.status === 'paused';
  const partial = progress && progress.total > 0 ? progress.done / progress.total : 0;
  const value = Math.min(run.generations, run.generation + partial);
  return (
    <div className="search-progress" data-testid="search-progress">
      {run.status === 'loading' ? (
        <progress aria-label="Search progress" />
      ) : (
        <progress aria-label="Search progress" max={Math.max(1, run.generations)} value={value} />
      )}
      <p className="search-progress__text" aria-live="polite">
        {run.status === 'loading' ? (
          'Loading the SuperTransformer…'
        ) : (
          <>
            Generation {run.generation} of {run.generations}
            {progress && run.status === 'running' ? ` (validating ${progress.done}/${progress.total})` : ''} ·{' '}
            {formatCount(run.uniqueValidations)} configs validated (HAT’s procedure would run{' '}
            {formatCount(run.naiveValidations)}){active ? ` · ${formatEta(run.etaSeconds)}` : ''}
            {run.best
              ? ` · best so far: loss ${run.best.validLoss.toFixed(3)} at ${formatLatencyMs(run.best.latencyMs)}`
              : ''}
          </>
        )}
      </p>
    </div>
  );
}

/** The Search panel's controls: what to search, with which profile and settings, and the run's buttons and progress. */
export function SearchControls() {
  const settings = useSearchStore((s) => s.settings);
  const run = useSearchStore((s) => s.run);
  const saved = useSearchStore((s) => s.saved);
  const { setSettings, start, pause, resume, cancel, resumeSaved, checkSaved } = useSearchStore.getState();
  const profiles = useProfilesStore((s) => s.profiles);
  const trained = useMemo(() => profiles.filter((p) => p.predictor), [profiles]);
  const profile = trained.find((p) => p.id === settings.profileId);
  const predictor = profile?.predictor;
  const confidence = settings.latencyConfidence ?? null;
  const hasInterval = Boolean(predictor?.interval);
  // Under a confidence rule the range is of the upper bounds the rule checks, so hints and suggestions match it.
  const ruleConfidence = hasInterval ? confidence : null;
  const range = useMemo(
    () => (predictor ? predictedLatencyRange(predictor, searchSpaceOf(settings), ruleConfidence) : null),
    [predictor, settings, ruleConfidence],
  );
  const ids = { profile: useId(), algorithm: useId(), budgets: useId(), rule: useId() };

  useEffect(() => {
    void checkSaved();
  }, [checkSaved]);

  // The first trained profile is chosen for the user, with budgets from its predicted latency range.
  const firstTrained = trained[0];
  useEffect(() => {
    const state = useSearchStore.getState();
    if (state.settings.profileId || !firstTrained?.predictor || state.run.status !== 'idle') return;
    state.setSettings(settingsForProfile(firstTrained.id, firstTrained.predictor, state.settings));
  }, [firstTrained]);

  const [budgetText, setBudgetText] = useState(settings.budgetsMs.join(', '));
  const [syncedBudgets, setSyncedBudgets] = useState(settings.budgetsMs);
  if (syncedBudgets !== settings.budgetsMs) {
    setSyncedBudgets(settings.budgetsMs);
    if (!sameNumbers(parseBudgets(budgetText), settings.budgetsMs)) setBudgetText(settings.budgetsMs.join(', '));
  }
  const budgetsValid = parseBudgets(budgetText) !== null;

  const busy = run.status === 'loading' || run.status === 'running' || run.status === 'paused';
  const algorithm = ALGORITHMS.find((a) => a.value === settings.algorithm)!;
  const modelProblem = useAccuracyModelProblem();
  const problem =
    (budgetsValid ? settingsProblem(settings) : 'latency budgets must be positive numbers of ms') ?? modelProblem;
  const noPredictor = trained.length === 0;
  const belowRange =
    range && settings.algorithm !== 'nsga2' && settings.budgetsMs.some((b) => b < range.minMs)
      ? `A budget is below the ${ruleConfidence === null ? 'fastest' : `lowest ${ruleConfidence * 100} % upper bound`} of 512 sampled configs (${formatLatencyMs(range.minMs)}): the search will probably find nothing.`
      : null;
  const advice = run.status === 'error' ? budgetAdvice(run.message) : null;

  const chooseProfile = (id: string): void =>
    setSettings(settingsForProfile(id, trained.find((p) => p.id === id)?.predictor, settings));

  return (
    <form
      className="search-controls"
      data-testid="search-panel"
      aria-label="Search settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy && !problem) void start();
      }}
    >
      {noPredictor && (
        <p className="search-notice" role="status" data-testid="search-no-predictor">
          No latency predictor yet: pick one of HAT’s measured devices, or import your own latency CSV under Latency
          profiles and press Train predictor. The search needs one to know how fast each SubTransformer runs.
        </p>
      )}
      {saved && !busy && (
        <p className="search-notice" role="status">
          A search saved in this browser stopped at generation {saved.generation} of {saved.generations} (
          {new Date(saved.savedAt).toLocaleString()}).{' '}
          <button type="button" className="button" onClick={() => void resumeSaved()} data-testid="search-resume-saved">
            Resume saved run
          </button>
        </p>
      )}
      <fieldset disabled={busy} className="search-controls__grid">
        <legend className="visually-hidden">What to search</legend>
        <SearchSpaceField disabled={busy} />
        <AccuracyModelField disabled={busy} />
        <div className="search-field">
          <label htmlFor={ids.profile}>Latency profile</label>
          <select
            id={ids.profile}
            value={profile?.id ?? ''}
            onChange={(e) => chooseProfile(e.target.value)}
            data-testid="search-profile"
          >
            {!profile && <option value="">{noPredictor ? 'no trained predictor yet' : 'choose a profile'}</option>}
            {trained.map((p) => (
              <option key={p.id} value={p.id}>
                {p.device} ({p.fileName})
              </option>
            ))}
          </select>
        </div>
        <div className="search-field">
          <label htmlFor={ids.algorithm}>Algorithm</label>
          <select
            id={ids.algorithm}
            value={settings.algorithm}
            onChange={(e) => setSettings({ algorithm: e.target.value as SearchAlgorithm })}
            data-testid="search-algorithm"
          >
            {ALGORITHMS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="search-field search-field--wide">
          <label htmlFor={ids.budgets}>{algorithm.budgets}</label>
          <input
            id={ids.budgets}
            type="text"
            inputMode="decimal"
            value={budgetText}
            aria-invalid={!budgetsValid}
            aria-describedby={`${ids.budgets}-hint`}
            data-testid="search-budget"
            onChange={(e) => {
              setBudgetText(e.target.value);
              const parsed = parseBudgets(e.target.value);
              if (parsed) setSettings({ budgetsMs: settings.algorithm === 'hat' ? parsed.slice(0, 1) : parsed });
            }}
          />
          <span id={`${ids.budgets}-hint`} className="search-field__hint">
            {range
              ? ruleConfidence === null
                ? `This space predicts ${formatLatencyMs(range.minMs)} – ${formatLatencyMs(range.maxMs)} on ${profile?.device} (median ${formatLatencyMs(range.medianMs)}).`
                : `Under the ${ruleConfidence * 100} % rule, this space's upper bounds on ${profile?.device} span ${formatLatencyMs(range.minMs)} – ${formatLatencyMs(range.maxMs)} (median ${formatLatencyMs(range.medianMs)}).`
              : 'Choose a profile to see the latencies its predictor gives this space.'}
          </span>
        </div>
        <div className="search-field">
          <label htmlFor={ids.rule}>Budget rule</label>
          <select
            id={ids.rule}
            value={confidence === null ? 'point' : String(confidence)}
            aria-describedby={`${ids.rule}-hint`}
            onChange={(e) =>
              setSettings({ latencyConfidence: e.target.value === 'point' ? null : Number(e.target.value) })
            }
            data-testid="search-confidence"
          >
            {BUDGET_RULES.map((rule) => (
              <option
                key={rule.label}
                value={rule.value === null ? 'point' : String(rule.value)}
                disabled={rule.value !== null && predictor !== undefined && !hasInterval}
              >
                {rule.label}
              </option>
            ))}
          </select>
          <span id={`${ids.rule}-hint`} className="search-field__hint">
            {predictor && !hasInterval
              ? 'This predictor has no calibrated interval (a version-1 file): retrain it to check budgets with confidence.'
              : confidence === null
                ? 'A config is kept when its predicted latency is within the budget.'
                : `A config is kept when the upper end of its interval is within the budget: it meets it with ${confidence * 100} % confidence.`}
          </span>
        </div>
        <NumberField
          label="Population"
          testId="search-population"
          value={settings.population}
          min={2}
          max={10_000}
          onChange={(population) =>
            setSettings(
              settings.algorithm === 'nsga2' || population < 2 ? { population } : { ...hatProportions(population) },
            )
          }
          hint="Parents, mutations and crossovers follow in HAT’s 1 : 2 : 2"
        />
        <NumberField
          label={settings.algorithm === 'sweep' ? 'Iterations per budget' : 'Iterations'}
          testId="search-iterations"
          value={settings.iterations}
          min={1}
          max={10_000}
          onChange={(iterations) => setSettings({ iterations })}
        />
        {settings.algorithm !== 'nsga2' && (
          <NumberField
            label="Parents"
            testId="search-parents"
            value={settings.parents}
            min={1}
            max={settings.population}
            onChange={(parents) => setSettings({ parents })}
          />
        )}
        <NumberField
          label="Mutations"
          testId="search-mutations"
          value={settings.mutations}
          min={0}
          onChange={(mutations) => setSettings({ mutations })}
        />
        <NumberField
          label="Crossovers"
          testId="search-crossovers"
          value={settings.crossovers}
          min={0}
          onChange={(crossovers) => setSettings({ crossovers })}
          hint={
            settings.algorithm === 'nsga2' ? 'NSGA-II breeds a population each generation, in this ratio' : undefined
          }
        />
        <NumberField
          label="Mutation probability"
          testId="search-mutation-prob"
          value={settings.mutationProb}
          min={0}
          max={1}
          step={0.05}
          integer={false}
          onChange={(mutationProb) => setSettings({ mutationProb })}
        />
        <NumberField
          label="Seed"
          testId="search-seed"
          value={settings.seed}
          min={-2_147_483_648}
          max={2_147_483_647}
          onChange={(seed) => setSettings({ seed })}
        />
      </fieldset>

      <div className="search-controls__buttons">
        {/* One element for Start, Pause and Resume: it keeps keyboard focus when the run changes state, and
            starting does not remove the focused button (a blur and a synchronous relayout inside the click). */}
        <button
          type={busy ? 'button' : 'submit'}
          className="button"
          disabled={!busy && Boolean(problem)}
          // aria-disabled, not disabled: disabling the focused button would blur it (focus fixup) in the click.
          aria-disabled={run.status === 'loading'}
          onClick={run.status === 'running' ? pause : run.status === 'paused' ? resume : undefined}
          data-testid={
            run.status === 'running' ? 'search-pause' : run.status === 'paused' ? 'search-resume' : 'search-start'
          }
        >
          {run.status === 'running'
            ? 'Pause'
            : run.status === 'paused'
              ? 'Resume'
              : run.status === 'loading'
                ? 'Loading…'
                : 'Start search'}
        </button>
        {busy && (
          <button type="button" className="button button--quiet" onClick={cancel} data-testid="search-cancel">
            Cancel
          </button>
        )}
        {!busy && problem && !noPredictor && (
          <span className="search-field__hint" role="status">
            To start: {problem}.
          </span>
        )}
      </div>
      {belowRange && !busy && <p className="search-notice">{belowRange}</p>}
      <TaskSpaceNotice fileName={profile?.fileName} space={settings.space} />

      {run.status !== 'idle' && run.status !== 'error' && <RunProgress run={run} />}
      {(run.status === 'running' || run.status === 'loading') && <CoreShareNotice />}
      <p
        className={`search-status search-status--${run.status}`}
        data-testid="search-status"
        data-status={run.status}
        role={run.status === 'error' ? 'alert' : 'status'}
      >
        {run.status === 'error'
          ? `The search stopped: ${run.message ?? 'unknown error'}.${advice ? ` ${advice}` : ''}`
          : run.status === 'done'
            ? 'Search finished.'
            : run.status === 'cancelled'
              ? 'Search cancelled; the configs validated so far stay on the chart.'
              : run.status === 'paused'
                ? 'Paused between generations.'
                : (run.message ?? '')}
      </p>
    </form>
  );
}
