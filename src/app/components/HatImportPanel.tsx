import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { SearchSpace } from '../../core/space';
import type { HatModelInfo } from '../../protocol/validation';
import {
  HAT_BACKEND_CHOICES,
  useAccuracyModelStore,
  type HatBackendChoice,
  type HatInspection,
  type ImportJob,
} from '../accuracy-model-store';
import { formatBytes, formatCount } from '../format';
import { filesOfDrop } from '../hat-files';
import { memoryAdvice } from '../hat-memory';
import { useSearchStore } from '../search-store';
import './hat-import.css';

const list = (values: readonly number[]): string => values.join(', ');

/** While a search runs on the current model, the model is neither switched nor replaced under it. */
const useSearchBusy = (): boolean => useSearchStore((s) => ['loading', 'running', 'paused'].includes(s.run.status));

/** A checkpoint's dims and space in HAT's terms (what its args say), for the inspection and the loaded card. */
function CheckpointFacts({ info }: { info: HatInspection | HatModelInfo }) {
  const { dims, space } = info;
  return (
    <dl className="st-facts" data-testid="hat-facts">
      <dt>Task</dt>
      <dd data-testid="hat-task">
        {info.task} ({info.arch})
      </dd>
      <dt>File</dt>
      <dd>
        {formatBytes(info.fileBytes)}, {info.format === 'zip' ? 'zip format' : 'legacy format'}, {info.precision}
        {info.subTransformer ? '; a trained SubTransformer (it records its own config)' : ''}
      </dd>
      <dt>Dims</dt>
      <dd data-testid="hat-dims">
        embed {dims.maxEmbedDim}, FFN {dims.maxEncoderFfnDim}/{dims.maxDecoderFfnDim}, qkv {dims.qkvDim}, layers{' '}
        {dims.encoderLayers}+{dims.decoderLayers}
      </dd>
      <dt>Vocabulary</dt>
      <dd data-testid="hat-vocab">
        {info.vocab.source === info.vocab.target
          ? `${formatCount(info.vocab.target)} (joined)`
          : `${formatCount(info.vocab.source)} source, ${formatCount(info.vocab.target)} target`}
      </dd>
      <dt>Search space</dt>
      <dd data-testid="hat-space">
        <SpaceSummary space={space} />
      </dd>
      <dt>Memory</dt>
      <dd>{formatBytes(info.memoryBytes)} as float32 weights</dd>
    </dl>
  );
}

/** File names, comma-separated, each kept on one line (a break inside `valid.en-de.en.idx` misleads). */
function FileNames({ names }: { names: readonly string[] }) {
  return names.map((name, i) => (
    <span key={name}>
      {i > 0 && ', '}
      <span className="hat-file-name">{name}</span>
    </span>
  ));
}

function SpaceSummary({ space }: { space: SearchSpace }) {
  return (
    <>
      embed [{list(space.encoderEmbedChoices)}], FFN [{list(space.encoderFfnEmbedDimChoices)}], heads [
      {list(space.encoderSelfAttentionHeadsChoices)}], decoder layers [{list(space.decoderLayerNumChoices)}], attention
      codes [{list(space.decoderArbitraryEndeAttnChoices)}]
    </>
  );
}

function ImportProgress({ job }: { job: ImportJob }) {
  const cancel = useAccuracyModelStore((s) => s.cancel);
  const { progress } = job;
  return (
    <div className="hat-progress" data-testid="hat-progress">
      {progress && progress.bytesTotal > 0 ? (
        <progress aria-label="Import progress" max={progress.bytesTotal} value={progress.bytesRead} />
      ) : (
        <progress aria-label="Import progress" />
      )}
      <p className="hint" aria-live="polite">
        {job.cancelling
          ? 'Cancelling…'
          : progress
            ? `${job.fileName}: ${progress.phase}, ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`
            : `${job.fileName}: starting…`}
      </p>
      <button type="button" className="button button--quiet" onClick={cancel} data-testid="hat-cancel">
        Cancel
      </button>
    </div>
  );
}

/** The chosen files, what the checkpoint is, what it needs, and the Load button. */
function PendingImportCard() {
  const pending = useAccuracyModelStore((s) => s.pending);
  const job = useAccuracyModelStore((s) => s.job);
  const backend = useAccuracyModelStore((s) => s.backend);
  const { load, setBackend, chooseCheckpoint, clearPending } = useAccuracyModelStore.getState();
  const searchBusy = useSearchBusy();
  const ids = { checkpoint: useId(), backend: useId() };
  if (!pending) return null;
  const { inspection } = pending;
  const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const advice = inspection ? memoryAdvice(inspection.memoryBytes, backend, deviceMemory) : null;
  return (
    <div className="hat-pending" data-testid="hat-pending">
      <h4>Ready to load</h4>
      {pending.checkpoints.length > 1 && (
        <div className="st-row">
          <label htmlFor={ids.checkpoint}>Checkpoint</label>
          <select
            id={ids.checkpoint}
            value={pending.checkpoint.name}
            onChange={(e) => void chooseCheckpoint(e.target.value)}
          >
            {pending.checkpoints.map((file) => (
              <option key={file.name}>{file.name}</option>
            ))}
          </select>
        </div>
      )}
      <p>
        <strong>{pending.checkpoint.name}</strong> with{' '}
        {pending.dataFiles.length === 0 ? (
          <span className="st-error">no dictionary or valid set yet: add them too</span>
        ) : (
          <span data-testid="hat-data-files">
            <FileNames names={pending.dataFiles.map((file) => file.name)} />
          </span>
        )}
      </p>
      {inspection ? (
        <CheckpointFacts info={inspection} />
      ) : (
        <p className="hint" role="status">
          Reading the checkpoint’s structure…
        </p>
      )}
      {advice && (
        <p
          className={advice.level === 'ok' ? 'hint' : advice.level === 'warn' ? 'st-warning' : 'st-error'}
          data-testid="hat-memory"
          data-level={advice.level}
        >
          {advice.text}
        </p>
      )}
      <div className="st-row">
        <label htmlFor={ids.backend}>Backend</label>
        <select
          id={ids.backend}
          value={backend}
          onChange={(e) => setBackend(e.target.value as HatBackendChoice)}
          data-testid="hat-backend"
        >
          {HAT_BACKEND_CHOICES.map((name) => (
            <option key={name} value={name}>
              {name === 'auto' ? 'auto (WebGPU on a real GPU, else WASM)' : name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          data-testid="hat-load"
          disabled={!inspection || job !== null || advice?.level === 'refuse' || searchBusy}
          onClick={() => void load()}
        >
          Load
        </button>
        <button type="button" className="button button--quiet" onClick={clearPending} disabled={job !== null}>
          Clear
        </button>
        {searchBusy && <span className="hint">A search is running on the current model.</span>}
      </div>
    </div>
  );
}

/** The imported model: what was read, or (after a reload) its saved record and a request for its files. */
function ImportedModelCard() {
  const record = useAccuracyModelStore((s) => s.record);
  const filesAtHand = useAccuracyModelStore((s) => s.filesAtHand);
  const choice = useAccuracyModelStore((s) => s.choice);
  const { choose, forget } = useAccuracyModelStore.getState();
  const searchBusy = useSearchBusy();
  if (!record) return null;
  const { info } = record;
  return (
    <div className="hat-model" data-testid="hat-model" data-file={info.fileName} data-at-hand={filesAtHand}>
      <h4>
        Imported: {info.fileName} {choice === 'hat' ? '(scores the search)' : ''}
      </h4>
      {!filesAtHand && (
        <p className="st-warning" role="status" data-testid="hat-reselect">
          Saved from an earlier visit. Browsers do not let a page open files by itself, so choose this checkpoint, its
          dictionary and valid set again (drop them here) to score with it.
        </p>
      )}
      <CheckpointFacts info={info} />
      <dl className="st-facts">
        <dt>Validation set</dt>
        <dd data-testid="hat-valid-set">
          {formatCount(info.sentences)} sentences, {formatCount(info.tokens)} target tokens (
          <FileNames names={record.dataFileNames} />)
        </dd>
        <dt>Read</dt>
        <dd data-testid="hat-read">
          {formatBytes(info.bytesRead)} of the {formatBytes(info.fileBytes)} file (the model’s tensors; optimizer state
          is skipped) in <span data-testid="hat-load-time">{(info.loadMs / 1000).toFixed(2)} s</span>, on{' '}
          {record.backend}
        </dd>
        <dt>Loss</dt>
        <dd>
          the search ranks by the mean token NLL in nats (as for the demo model); the inspector also shows HAT’s own
          valid_loss (label-smoothed, base 2)
        </dd>
      </dl>
      <div className="st-row">
        {choice !== 'hat' && (
          <button
            type="button"
            className="button"
            onClick={() => choose('hat')}
            disabled={searchBusy}
            data-testid="hat-use"
          >
            Score the search with it
          </button>
        )}
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void forget()}
          disabled={searchBusy && choice === 'hat'}
        >
          Forget this model
        </button>
      </div>
    </div>
  );
}

/** A drop zone that also takes folders, with a multi-file chooser and a folder chooser. */
function HatDropZone() {
  const addFiles = useAccuracyModelStore((s) => s.addFiles);
  const [dragging, setDragging] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not a React prop: the folder chooser is switched on by the attribute itself.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  const onDrop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setDragging(false);
    void filesOfDrop(event.dataTransfer).then((files) => addFiles(files));
  };
  const onChosen = (input: HTMLInputElement): void => {
    void addFiles(Array.from(input.files ?? []));
    input.value = '';
  };
  return (
    <div
      className={`drop-zone hat-drop${dragging ? ' drop-zone--active' : ''}`}
      data-testid="hat-drop"
      onDragEnter={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p className="drop-zone__title">Drop HAT’s checkpoint, its dictionaries and valid set here, or their folder</p>
      <p className="drop-zone__hint">
        A <code>.pt</code> SuperTransformer (e.g. <code>HAT_wmt14ende_super_space0.pt</code>), fairseq’s{' '}
        <code>dict.&lt;lang&gt;.txt</code> and <code>valid.&lt;src&gt;-&lt;tgt&gt;.&lt;lang&gt;.bin</code>/
        <code>.idx</code> (or BPE’d <code>valid.bpe.&lt;lang&gt;</code>). Files are read in a worker, by byte ranges,
        and never leave this browser.
      </p>
      <div className="st-row">
        <button type="button" className="button" onClick={() => filesInput.current?.click()}>
          Choose files…
        </button>
        <button type="button" className="button button--secondary" onClick={() => folderInput.current?.click()}>
          Choose a folder…
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        accept=".pt,.txt,.bin,.idx,.de,.en,.fr"
        data-testid="hat-files-input"
        onChange={(e) => onChosen(e.target)}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        data-testid="hat-folder-input"
        onChange={(e) => onChosen(e.target)}
      />
    </div>
  );
}

/**
 * The SuperTransformer tab's import of HAT's own trained SuperTransformers: drop or choose the files, see what the
 * checkpoint is and needs before loading it, load with progress (cancellable), and choose it as the search's
 * accuracy model.
 */
export function HatImportPanel() {
  const job = useAccuracyModelStore((s) => s.job);
  const message = useAccuracyModelStore((s) => s.message);
  const notice = useAccuracyModelStore((s) => s.notice);
  const choice = useAccuracyModelStore((s) => s.choice);
  const record = useAccuracyModelStore((s) => s.record);
  const choose = useAccuracyModelStore((s) => s.choose);
  const searchBusy = useSearchBusy();
  const name = useId();
  return (
    <section className="panel hat-import" aria-labelledby="hat-import-title" data-testid="hat-import">
      <h2 id="hat-import-title">Accuracy model</h2>
      <fieldset className="hat-choice">
        <legend className="visually-hidden">The search’s accuracy model</legend>
        {searchBusy && <p className="hint">A search is running: the model can change once it ends.</p>}
        <label>
          <input
            type="radio"
            name={name}
            checked={choice === 'shipped'}
            disabled={searchBusy}
            onChange={() => choose('shipped')}
            data-testid="hat-choice-shipped"
          />{' '}
          The shipped demo SuperTransformer (width 1/4, works offline)
        </label>
        <label>
          <input
            type="radio"
            name={name}
            checked={choice === 'hat'}
            disabled={!record || searchBusy}
            onChange={() => choose('hat')}
            data-testid="hat-choice-hat"
          />{' '}
          {record
            ? `HAT’s SuperTransformer ${record.info.fileName}`
            : 'An imported HAT SuperTransformer (import one below)'}
        </label>
      </fieldset>
      <h3>Use HAT’s trained SuperTransformer</h3>
      <p className="hint">
        HAT publishes trained SuperTransformers as fairseq checkpoints (<code>python download_model.py</code> in HAT’s
        checkout) and its data scripts write fairseq’s dictionaries and binarized valid set. Only the model’s tensors
        are read, never the optimizer state; the app says what memory the weights need before it loads them. Full-size
        models belong on WebGPU; WASM holds them (up to its 2 GB heap) but validates slowly.
      </p>
      <HatDropZone />
      {message && (
        <p className="st-error" role="alert" data-testid="hat-error">
          {message}
        </p>
      )}
      {notice && (
        <p className="hint" role="status" data-testid="hat-notice">
          {notice}
        </p>
      )}
      {job && <ImportProgress job={job} />}
      <PendingImportCard />
      <ImportedModelCard />
    </section>
  );
}
