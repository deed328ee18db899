import { useId, useState, type FormEvent } from 'react';
import type { SubTransformerConfig } from '../../core/config';
import type { ValidationModelInfo } from '../../protocol/validation';
import { formatCount } from '../format';
import { BACKEND_CHOICES, useValidationStore, type BackendChoice } from '../validation-store';
import './SuperTransformer.css';
import { DEFAULT_TRANSLATE_EXAMPLE } from '../translate-example';

function describeConfig(config: SubTransformerConfig): string {
  const { encoder: e, decoder: d } = config;
  return (
    `encoder ${e.layerNum} × ${e.embedDim} (FFN ${e.ffnEmbedDims.join('/')}, heads ${e.selfAttentionHeads.join('/')}); ` +
    `decoder ${d.layerNum} × ${d.embedDim} (FFN ${d.ffnEmbedDims.join('/')}, heads ${d.selfAttentionHeads.join('/')}, ` +
    `attends ${d.arbitraryEndeAttn.join('/')})`
  );
}

function ModelCard() {
  const model = useValidationStore((s) => s.model);
  const maxValidPairs = useValidationStore((s) => s.maxValidPairs);
  if (model.status === 'idle') {
    return <p className="hint">The shipped SuperTransformer (about 10 MB) loads on first use.</p>;
  }
  if (model.status === 'loading') {
    return (
      <p className="hint" role="status">
        Loading the SuperTransformer on {model.backend}…
      </p>
    );
  }
  if (model.status === 'error') {
    return (
      <p className="st-error" role="alert" data-testid="st-model-error">
        {model.message}
      </p>
    );
  }
  const { info } = model;
  return (
    <div
      data-testid="st-model"
      data-backend={info.backend}
      data-workers={info.workers}
      data-threads={info.workers * info.threadsPerWorker}
    >
      {info.fallbackMessage && (
        <p className="st-warning" role="status" data-testid="st-fallback">
          {info.fallbackMessage}
        </p>
      )}
      <dl className="st-facts">
        <dt>Backend</dt>
        <dd data-testid="st-backend">
          {info.backend}
          {info.backend === 'wasm' && `, ${threadsText(info)}`}
          {info.threadsNotice && ` (${info.threadsNotice})`}
        </dd>
        <dt>Width scale</dt>
        <dd data-testid="st-width-scale">
          {info.widthScale} (every embed, FFN and qkv dim of a HAT config × {info.widthScale})
        </dd>
        <dt>Training</dt>
        <dd data-testid="st-steps">{formatCount(info.trainingSteps)} updates</dd>
        <dt>Spaces</dt>
        <dd>{info.spaces.join(', ')}</dd>
        <dt>Validation set</dt>
        <dd>
          {formatCount(info.validPairs)} pairs, {formatCount(info.validTokens)} target tokens
          {maxValidPairs !== undefined && ' (a subset chosen by ?validPairs: losses differ from the search’s)'}
        </dd>
      </dl>
    </div>
  );
}

/** "2 threads (2 workers of 1)": the WASM threads validating, and how they are split over workers. */
function threadsText({ workers, threadsPerWorker }: ValidationModelInfo): string {
  const total = workers * threadsPerWorker;
  const split = workers > 1 ? ` (${workers} workers of ${threadsPerWorker})` : '';
  return `${total} thread${total === 1 ? '' : 's'}${split}`;
}

function ValidationResult() {
  const validation = useValidationStore((s) => s.validation);
  if (validation.status === 'idle') return null;
  if (validation.status === 'running') {
    return (
      <p className="hint" role="status">
        Validating…
      </p>
    );
  }
  if (validation.status === 'error') {
    return (
      <p className="st-error" role="alert" data-testid="st-validation-error">
        {validation.message}
      </p>
    );
  }
  const { result, label, backend } = validation;
  return (
    <p className="st-result" role="status" data-testid="st-loss" data-loss={result.validLoss} data-backend={backend}>
      {label}: validation loss <strong>{result.validLoss.toFixed(4)}</strong> nats, perplexity{' '}
      <strong>{result.perplexity.toFixed(2)}</strong> over {formatCount(result.tokens)} tokens ({backend})
    </p>
  );
}

function Translation() {
  const translate = useValidationStore((s) => s.translate);
  const translation = useValidationStore((s) => s.translation);
  const [german, setGerman] = useState(DEFAULT_TRANSLATE_EXAMPLE.de);
  const [beam, setBeam] = useState(4);
  const inputId = useId();
  const beamId = useId();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void translate(german, beam);
  };
  return (
    <form className="st-translate" onSubmit={submit}>
      <label htmlFor={inputId}>German sentence</label>
      <input
        id={inputId}
        data-testid="st-german"
        value={german}
        maxLength={400}
        onChange={(e) => setGerman(e.target.value)}
      />
      <label htmlFor={beamId}>beam</label>
      <select id={beamId} value={beam} onChange={(e) => setBeam(Number(e.target.value))}>
        {[1, 2, 4, 5, 8].map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
      <button
        type="submit"
        className="button"
        data-testid="st-translate"
        disabled={translation.status === 'running' || german.trim() === ''}
      >
        Translate
      </button>
      {translation.status === 'running' && (
        <p className="hint" role="status">
          Translating…
        </p>
      )}
      {translation.status === 'error' && (
        <p className="st-error" role="alert" data-testid="st-translation-error">
          {translation.message}
        </p>
      )}
      {translation.status === 'done' && (
        <p className="st-result" role="status">
          {translation.label}: <q data-testid="st-english">{translation.english}</q>
        </p>
      )}
    </form>
  );
}

/** Pick a backend and a SubTransformer, see its validation loss, and translate with it. */
export function SuperTransformerPanel() {
  const backend = useValidationStore((s) => s.backend);
  const setBackend = useValidationStore((s) => s.setBackend);
  const load = useValidationStore((s) => s.load);
  const model = useValidationStore((s) => s.model);
  const configs = useValidationStore((s) => s.configs);
  const selectedId = useValidationStore((s) => s.selectedId);
  const select = useValidationStore((s) => s.select);
  const importConfig = useValidationStore((s) => s.importConfig);
  const importMessage = useValidationStore((s) => s.importMessage);
  const validate = useValidationStore((s) => s.validate);
  const validation = useValidationStore((s) => s.validation);
  const backendId = useId();
  const configId = useId();
  const fileId = useId();
  const selected = configs.find((c) => c.id === selectedId) ?? configs[0]!;
  const busy = model.status === 'loading' || validation.status === 'running';
  return (
    <section className="panel st-panel" aria-labelledby="st-title" data-testid="supertransformer-panel">
      <h2 id="st-title">SuperTransformer</h2>
      <p className="hint">
        HAT’s accuracy proxy: a SubTransformer’s validation loss with weights inherited from the shipped
        SuperTransformer, computed in a worker on this device.
      </p>
      <div className="st-row">
        <label htmlFor={backendId}>Backend</label>
        <select
          id={backendId}
          data-testid="st-backend-choice"
          value={backend}
          onChange={(e) => void setBackend(e.target.value as BackendChoice)}
        >
          {BACKEND_CHOICES.map((name) => (
            <option key={name} value={name}>
              {name === 'auto' ? 'auto (WebGPU, then WASM, then CPU)' : name}
            </option>
          ))}
        </select>
        {model.status === 'idle' && (
          <button type="button" className="button" data-testid="st-load" onClick={() => void load()}>
            Load model
          </button>
        )}
      </div>
      <ModelCard />
      <div className="st-row">
        <label htmlFor={configId}>SubTransformer</label>
        <select id={configId} data-testid="st-config" value={selected.id} onChange={(e) => select(e.target.value)}>
          {configs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <label htmlFor={fileId} className="button button--quiet st-file">
          Import HAT YAML…
        </label>
        <input
          id={fileId}
          className="visually-hidden"
          type="file"
          accept=".yml,.yaml,.json"
          data-testid="st-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importConfig(file);
            e.target.value = '';
          }}
        />
      </div>
      <p className="hint st-config-summary" data-testid="st-config-summary">
        {describeConfig(selected.config)}
      </p>
      {importMessage && (
        <p className="st-error" role="alert" data-testid="st-import-error">
          {importMessage}
        </p>
      )}
      <button
        type="button"
        className="button"
        data-testid="st-validate"
        disabled={busy}
        onClick={() => void validate()}
      >
        Validate
      </button>
      <ValidationResult />
      <Translation />
    </section>
  );
}
