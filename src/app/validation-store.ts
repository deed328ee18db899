import { wrap, type Remote } from 'comlink';
import { create } from 'zustand';
import { largestConfig, smallestConfig, type SubTransformerConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import { formatProblems } from '../core/result';
import { builtinSpace } from '../core/space';
import type { BackendName } from '../tfjs/backend-names';
import { useComputeStore } from './compute-store';
import type {
  ConfigValidation,
  ValidationLoadOptions,
  ValidationModelInfo,
  ValidationWorkerApi,
} from '../protocol/validation';
import { ValidationPool } from '../supertransformer/validation-pool';
import { validationLayout, type ValidationLayout } from './validation-layout';
import { startTfjsWorker } from './tfjs-worker';

export type BackendChoice = BackendName | 'auto';
/** What the panel offers: the auto order, and each backend the validation worker can run on. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

export interface NamedConfig {
  id: string;
  label: string;
  config: SubTransformerConfig;
}

export type ModelState =
  | { status: 'idle' }
  | { status: 'loading'; backend: BackendChoice }
  | { status: 'ready'; info: ValidationModelInfo }
  | { status: 'error'; message: string };

export type ValidationState =
  | { status: 'idle' }
  | { status: 'running'; configId: string }
  | { status: 'done'; configId: string; label: string; backend: BackendName; result: ConfigValidation }
  | { status: 'error'; message: string };

export type TranslationState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; german: string; english: string; label: string }
  | { status: 'error'; message: string };

/** The reference configs of the spaces the shipped model covers (HAT's WMT space first). */
function referenceConfigs(): NamedConfig[] {
  return ['hat-wmt', 'hat-wmt-latency', 'hat-iwslt'].flatMap((name) => {
    const space = builtinSpace(name)!;
    return [
      { id: `largest:${name}`, label: `Largest of ${name}`, config: largestConfig(space) },
      { id: `smallest:${name}`, label: `Smallest of ${name}`, config: smallestConfig(space) },
    ];
  });
}

/**
 * `?validPairs=N` validates on the first N pairs of the shipped subset: a knob for tests and slow software GPUs
 * (WebGPU on SwiftShader). The panel says so whenever it is in effect, since losses then differ from the search's.
 */
function validPairsFromUrl(): number | undefined {
  const value = Number(new URLSearchParams(globalThis.location?.search ?? '').get('validPairs'));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The panel's own validation workers: switching its backend never disturbs a search running in the search's. They
 * follow the same layout as the search's (validationLayout): on WASM or the CPU a config is split over them as shares
 * of the validation set, which beat one worker of as many threads here; a GPU backend uses the first alone. A
 * worker's WASM thread count is fixed once its backend starts, so another thread setting starts new workers at the
 * next load.
 */
interface PanelWorkers {
  layout: ValidationLayout;
  remotes: Array<Remote<ValidationWorkerApi>>;
  /** Set once the model is loaded on every worker (WASM and CPU backends). */
  pool: ValidationPool | null;
  terminate(): void;
}
let panel: PanelWorkers | undefined;
let workerFailure: ((message: string) => void) | undefined;

// Job ids of the panel's pool, apart from the panel's own (a worker cancels by id).
const PANEL_POOL_FIRST_JOB = 3_000_000_000;

function panelWorkers(layout?: ValidationLayout): PanelWorkers {
  if (
    panel &&
    layout &&
    (layout.workers !== panel.layout.workers || layout.threadsPerWorker !== panel.layout.threadsPerWorker)
  ) {
    panel.terminate();
    panel = undefined;
  }
  if (!panel) {
    const chosen = layout ?? validationLayout(useComputeStore.getState().threads);
    const raw = Array.from({ length: chosen.workers }, (_, i) => startTfjsWorker('validation', `panel-${i + 1}`));
    const terminate = (): void => raw.forEach((worker) => worker.terminate());
    const current: PanelWorkers = {
      layout: chosen,
      remotes: raw.map((worker) => wrap<ValidationWorkerApi>(worker)),
      pool: null,
      terminate,
    };
    for (const worker of raw) {
      worker.addEventListener('error', (event) => {
        workerFailure?.(`the validation worker failed: ${event.message || 'it could not start'}`);
        // A crashed worker answers nothing more: the next action starts fresh ones.
        terminate();
        if (panel === current) panel = undefined;
      });
    }
    panel = current;
  }
  return panel;
}

/** Loads the model on the panel's first worker, and on the others too when the backend it got is not a GPU. */
async function loadPanel(options: ValidationLoadOptions, layout?: ValidationLayout): Promise<ValidationModelInfo> {
  const workers = panelWorkers(layout);
  const wasmThreads = workers.layout.threadsPerWorker;
  const first = await workers.remotes[0]!.load({ ...options, wasmThreads });
  const rest = workers.remotes.slice(1);
  if (first.backend === 'webgpu' || rest.length === 0) {
    workers.pool = null;
    return first;
  }
  await Promise.all(rest.map((remote) => remote.load({ ...options, backend: first.backend, wasmThreads })));
  workers.pool ??= new ValidationPool(workers.remotes, PANEL_POOL_FIRST_JOB);
  return { ...first, workers: workers.remotes.length };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
let nextJobId = 1;

interface ValidationPanelState {
  backend: BackendChoice;
  model: ModelState;
  configs: NamedConfig[];
  selectedId: string;
  importMessage: string | null;
  validation: ValidationState;
  translation: TranslationState;
  maxValidPairs: number | undefined;
  setBackend(backend: BackendChoice): Promise<void>;
  load(): Promise<ValidationModelInfo | null>;
  select(id: string): void;
  importConfig(file: File): Promise<void>;
  validate(): Promise<void>;
  translate(german: string, beam: number): Promise<void>;
}

export const useValidationStore = create<ValidationPanelState>((set, get) => {
  workerFailure = (message) => set({ model: { status: 'error', message } });

  const selected = (): NamedConfig => {
    const { configs, selectedId } = get();
    return configs.find((c) => c.id === selectedId) ?? configs[0]!;
  };

  /** After each job: a lost WebGPU device may have switched the worker to WASM, and the card must say so. */
  const refreshInfo = async (): Promise<void> => {
    const { backend, maxValidPairs } = get();
    try {
      const info = await loadPanel({ backend, baseUrl: baseUrl(), maxValidPairs });
      set({ model: { status: 'ready', info } });
    } catch {
      // The job's own outcome is already shown; a failed refresh changes nothing there.
    }
  };

  return {
    backend: 'auto',
    model: { status: 'idle' },
    configs: referenceConfigs(),
    selectedId: 'largest:hat-wmt',
    importMessage: null,
    validation: { status: 'idle' },
    translation: { status: 'idle' },
    maxValidPairs: validPairsFromUrl(),

    async setBackend(backend) {
      set({ backend });
      if (get().model.status !== 'idle') await get().load();
    },

    async load() {
      const { backend, maxValidPairs } = get();
      set({ model: { status: 'loading', backend } });
      try {
        const layout = validationLayout(useComputeStore.getState().threads);
        const info = await loadPanel({ backend, baseUrl: baseUrl(), maxValidPairs }, layout);
        // A later choice of backend wins over this one's late answer.
        if (get().backend === backend) set({ model: { status: 'ready', info } });
        return info;
      } catch (error) {
        if (get().backend === backend) set({ model: { status: 'error', message: messageOf(error) } });
        return null;
      }
    },

    select(id) {
      set({ selectedId: id });
    },

    async importConfig(file) {
      try {
        const parsed = parseConfigText(await file.text());
        if (!parsed.ok) {
          set({ importMessage: `${file.name}: ${formatProblems(parsed.problems).replaceAll('\n', '; ')}` });
          return;
        }
        const id = `imported:${file.name}:${nextJobId++}`;
        set((state) => ({
          configs: [...state.configs, { id, label: `Imported: ${file.name}`, config: parsed.value }],
          selectedId: id,
          importMessage: null,
        }));
      } catch (error) {
        set({ importMessage: `${file.name}: could not read (${messageOf(error)})` });
      }
    },

    async validate() {
      const chosen = selected();
      set({ validation: { status: 'running', configId: chosen.id } });
      const info =
        get().model.status === 'ready' ? (get().model as { info: ValidationModelInfo }).info : await get().load();
      if (!info) {
        set({ validation: { status: 'error', message: 'the model is not loaded (see above)' } });
        return;
      }
      try {
        const workers = panelWorkers();
        const [result] = await (workers.pool ?? workers.remotes[0]!).validateBatch(nextJobId++, [chosen.config]);
        await refreshInfo();
        const model = get().model;
        const backend = model.status === 'ready' ? model.info.backend : info.backend;
        set({ validation: { status: 'done', configId: chosen.id, label: chosen.label, backend, result: result! } });
      } catch (error) {
        set({ validation: { status: 'error', message: messageOf(error) } });
      }
    },

    async translate(german, beam) {
      const chosen = selected();
      set({ translation: { status: 'running' } });
      const info =
        get().model.status === 'ready' ? (get().model as { info: ValidationModelInfo }).info : await get().load();
      if (!info) {
        set({ translation: { status: 'error', message: 'the model is not loaded (see above)' } });
        return;
      }
      try {
        const english = await panelWorkers().remotes[0]!.translate(chosen.config, german, beam);
        await refreshInfo();
        set({ translation: { status: 'done', german, english, label: chosen.label } });
      } catch (error) {
        set({ translation: { status: 'error', message: messageOf(error) } });
      }
    },
  };
});

/** The app's base URL as an absolute URL: the worker fetches model/ and data/ under it. */
function baseUrl(): string {
  return new URL(import.meta.env.BASE_URL, globalThis.location.href).href;
}
