import { useMemo, useState } from 'react';
import { validateConfig, type SubTransformerConfig } from '../../core/config';
import { modelStats } from '../../core/model-stats';
import { sizeRows } from '../chart-model-size';
import { useReferencesStore } from '../chart-references';
import { loadedValidationWorker, newValidationJobId } from '../chart-validation';
import { formatBytes, formatLatencyMs, formatMagnitude } from '../format';
import { useProfilesStore } from '../profiles-store';
import type { HatModelRef } from '../../protocol/validation';
import { DEMO_MODEL_NAME, describeAccuracyModel } from '../../supertransformer/model-description';
import { useSearchSpace, useSearchStore } from '../search-store';
import { useChartColors } from '../theme';
import { configFromKey } from '../url-state';
import { ArchitectureDiagram } from './ArchitectureDiagram';
import { ConfigExport } from './Export';
import { configLatency, meetsBudget } from '../latency-estimate';
import { predictOne, useSearchPredictor } from './ParetoChart';
import './hat-import.css';
import { DEFAULT_TRANSLATE_EXAMPLE } from '../translate-example';

interface Selection {
  config: SubTransformerConfig;
  /** Where it came from, for the heading. */
  source: string;
  validLoss: number | null;
  /** HAT's own valid_loss, where an imported HAT model scored it. */
  hatLoss: number | null;
  /** The imported HAT model that scored it; undefined: the shipped demo. */
  accuracyModel: HatModelRef | undefined;
  /** The key the loss cache and the store use. */
  key: string;
}

/** The selected config from the run, the imported references, or (a shared link) the key itself. */
function useSelection(): Selection | null {
  const selectedKey = useSearchStore((s) => s.selectedKey);
  const points = useSearchStore((s) => s.run.points);
  const references = useReferencesStore((s) => s.references);
  const runModel = useSearchStore((s) => s.run.runSettings?.accuracyModel);
  // References and shared-link configs are scored by the model chosen now.
  const chosenModel = useSearchStore((s) => s.settings.accuracyModel);
  return useMemo(() => {
    if (!selectedKey) return null;
    const point = points.find((p) => p.key === selectedKey);
    if (point)
      return {
        config: point.config,
        source: `search, generation ${point.generation + 1}`,
        validLoss: point.validLoss,
        hatLoss: point.hatLoss ?? null,
        accuracyModel: runModel,
        key: point.key,
      };
    const reference = references.find((r) => r.key === selectedKey);
    if (reference)
      return {
        config: reference.config,
        source: reference.name,
        validLoss: reference.validLoss,
        hatLoss: reference.hatLoss ?? null,
        accuracyModel: chosenModel,
        key: reference.key,
      };
    const config = configFromKey(selectedKey);
    return config
      ? { config, source: 'shared link', validLoss: null, hatLoss: null, accuracyModel: chosenModel, key: selectedKey }
      : null;
  }, [selectedKey, points, references, runModel, chosenModel]);
}

/** Computes the loss of a config that did not come from the run (a shared link), on request. */
function ValidateButton({ config, onLoss }: { config: SubTransformerConfig; onLoss(loss: Losses): void }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true, error: null });
          try {
            const [result] = await (await loadedValidationWorker()).validateBatch(newValidationJobId(), [config]);
            onLoss({ validLoss: result!.validLoss, hatLoss: result!.hatLoss ?? null });
            setState({ busy: false, error: null });
          } catch (error) {
            setState({ busy: false, error: (error as Error).message });
          }
        }}
      >
        {state.busy ? 'Validating…' : 'Compute'}
      </button>
      {state.error && <span className="notice--bad"> {state.error}</span>}
    </>
  );
}

/** The losses computed here for a config that came without one. */
interface Losses {
  validLoss: number;
  hatLoss: number | null;
}

/**
 * Translation with the selected config: German through the shipped model's tokenizer, or a BPE'd source sentence
 * (fairseq's input, in the checkpoint's dictionary) through an imported HAT model, whose output is BPE'd too.
 */
function TranslateBox({ config, hatModel }: { config: SubTransformerConfig; hatModel: HatModelRef | undefined }) {
  const [german, setGerman] = useState(hatModel ? '' : DEFAULT_TRANSLATE_EXAMPLE.de);
  const [beam, setBeam] = useState(5);
  const [result, setResult] = useState<{ status: 'idle' | 'busy' | 'done' | 'error'; text: string }>({
    status: 'idle',
    text: '',
  });
  return (
    <form
      className="translate"
      onSubmit={async (event) => {
        event.preventDefault();
        setResult({ status: 'busy', text: '' });
        try {
          const english = await (await loadedValidationWorker()).translate(config, german, beam);
          setResult({ status: 'done', text: english });
        } catch (error) {
          setResult({ status: 'error', text: (error as Error).message });
        }
      }}
    >
      <label htmlFor="translate-input">
        {hatModel
          ? `Translate a BPE'd ${hatModel.task.split('-')[0]} sentence with this SubTransformer (${hatModel.fileName}'s dictionary)`
          : 'Translate German with this SubTransformer'}
      </label>
      <div className="translate__row">
        <input
          id="translate-input"
          value={german}
          maxLength={400}
          onChange={(event) => setGerman(event.target.value)}
          data-testid="translate-input"
        />
        <label>
          beam{' '}
          <select value={beam} onChange={(event) => setBeam(Number(event.target.value))}>
            <option value={1}>1 (greedy)</option>
            <option value={5}>5</option>
          </select>
        </label>
        <button type="submit" className="button" disabled={result.status === 'busy' || german.trim() === ''}>
          {result.status === 'busy' ? 'Translating…' : 'Translate'}
        </button>
      </div>
      <output className={result.status === 'error' ? 'notice--bad' : 'translate__out'} data-testid="translation">
        {result.text}
      </output>
    </form>
  );
}

/** Everything about the selected config: drawing, size and cost, latency on every profile, loss, export, translate. */
export function Inspector() {
  const selection = useSelection();
  const select = useSearchStore((s) => s.select);
  const space = useSearchSpace();
  const budgets = useSearchStore((s) => s.run.runSettings?.budgetsMs ?? s.settings.budgetsMs);
  const confidence = useSearchStore((s) =>
    s.run.runSettings ? (s.run.runSettings.latencyConfidence ?? null) : (s.settings.latencyConfidence ?? null),
  );
  const profiles = useProfilesStore((s) => s.profiles);
  const { predictor, fileName } = useSearchPredictor();
  const colors = useChartColors();
  // Losses computed here for configs from a shared link, by key (the run's and references' come with theirs).
  const [extraLoss, setExtraLoss] = useState<Record<string, Losses>>({});

  if (!selection) {
    return (
      <section className="inspector inspector--empty" aria-labelledby="inspector-title" data-testid="inspector">
        <h3 id="inspector-title">Inspector</h3>
        <p className="hint">Click a point on the chart (or pick one from the front list) to inspect it here.</p>
      </section>
    );
  }
  const { config, source, key } = selection;
  const validLoss = selection.validLoss ?? extraLoss[key]?.validLoss ?? null;
  const hatLoss = selection.hatLoss ?? extraLoss[key]?.hatLoss ?? null;
  const { accuracyModel } = selection;
  const problems = validateConfig(config, space);
  const stats = modelStats(config, space);
  const latencyMs = predictOne(predictor, config);
  const budget = budgets[0];
  const device = profiles.find((p) => p.predictor === predictor)?.device ?? null;

  return (
    <section className="inspector" aria-labelledby="inspector-title" data-testid="inspector" data-key={key}>
      <div className="inspector__head">
        <h3 id="inspector-title">Inspector</h3>
        <span className="hint">{source}</span>
        <button type="button" className="button button--quiet" onClick={() => select(null)}>
          Close
        </button>
      </div>
      {problems.length > 0 && (
        <p className="notice notice--bad">
          Not in the {space.name} space: {problems.map((p) => `${p.field}: ${p.message}`).join('; ')}
        </p>
      )}
      <ArchitectureDiagram config={config} colors={colors} />
      <p className="hint">
        Headers: embed dim. Boxes: FFN dim · heads (decoder: self/cross), wider for a wider FFN. Lines: the encoder
        layers each decoder layer attends to (arbitrary encoder-decoder attention).
      </p>
      <div className="inspector__grid">
        <dl className="facts">
          <dt>Parameters</dt>
          <dd data-testid="inspector-params">{(stats.params / 1e6).toFixed(2)} M</dd>
          <dt>FLOPs</dt>
          <dd>{formatMagnitude(stats.flops)}</dd>
          <dt>Validation loss</dt>
          <dd data-testid="inspector-loss">
            {validLoss !== null ? (
              `${validLoss.toFixed(4)} nats`
            ) : (
              <ValidateButton config={config} onLoss={(loss) => setExtraLoss((m) => ({ ...m, [key]: loss }))} />
            )}
          </dd>
          {hatLoss !== null && (
            <>
              <dt>HAT’s valid_loss</dt>
              <dd data-testid="inspector-hat-loss">
                {hatLoss.toFixed(4)}
                <span className="facts__note">label-smoothed, base 2: the number HAT’s search logs</span>
              </dd>
            </>
          )}
          <dt>Scored by</dt>
          <dd data-testid="inspector-model">
            {accuracyModel ? describeAccuracyModel(accuracyModel).name : DEMO_MODEL_NAME}
          </dd>
        </dl>
        <table className="metrics" data-testid="inspector-latency">
          <caption>Predicted latency, every profile</caption>
          <thead>
            <tr>
              <th scope="col">profile</th>
              <th scope="col">latency</th>
              <th scope="col">90 % interval</th>
            </tr>
          </thead>
          <tbody>
            {profiles.filter((p) => p.predictor).length === 0 && (
              <tr>
                <td colSpan={3}>no trained predictor yet</td>
              </tr>
            )}
            {profiles
              .filter((p) => p.predictor)
              .map((p) => {
                const isSearch = p.predictor === predictor;
                const latency = configLatency(p.predictor!, config, isSearch ? confidence : null);
                const rule = confidence !== null && latency.upperMs !== undefined ? 'with confidence' : '';
                const verdict =
                  isSearch && budget !== undefined
                    ? meetsBudget(latency, budget, confidence)
                      ? ` ✓ within budget${rule ? ` (${confidence! * 100} % upper bound ${formatLatencyMs(latency.upperMs!)})` : ''}`
                      : ` ✗ over budget${rule ? ` at ${confidence! * 100} % (upper bound ${formatLatencyMs(latency.upperMs!)})` : ''}`
                    : '';
                return (
                  <tr key={p.id} data-profile={p.id}>
                    <th scope="row">
                      {p.device}
                      {isSearch ? ' (search)' : ''}
                    </th>
                    <td>
                      {formatLatencyMs(latency.latencyMs)}
                      {verdict}
                    </td>
                    <td data-testid="inspector-interval">
                      {latency.lowMs !== undefined
                        ? `${formatLatencyMs(latency.lowMs)} – ${formatLatencyMs(latency.highMs!)}`
                        : 'none (version-1 predictor)'}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
        <table className="metrics" data-testid="inspector-size">
          <caption>Model size (weights as HAT counts them) vs float32 Transformer-big</caption>
          <thead>
            <tr>
              <th scope="col">format</th>
              <th scope="col">size</th>
              <th scope="col">smaller</th>
            </tr>
          </thead>
          <tbody>
            {sizeRows(config, space.qkvDim).map((row) => (
              <tr key={row.format}>
                <th scope="row">{row.format}</th>
                <td>{formatBytes(row.bytes)}</td>
                <td>{row.timesSmaller.toFixed(1)}×</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        HAT’s seed result: its 4-bit WMT’14 En-Fr model is 25× smaller than the float32 Transformer-big (705 MB).
      </p>
      <ConfigExport
        config={config}
        latencyMs={latencyMs}
        validLoss={validLoss}
        hatLoss={hatLoss}
        accuracyModel={accuracyModel}
        datasetFileName={fileName}
        device={device}
      />
      <TranslateBox key={`${key}|${accuracyModel?.fileName ?? 'shipped'}`} config={config} hatModel={accuracyModel} />
    </section>
  );
}
