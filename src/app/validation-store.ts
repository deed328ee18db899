import { releaseProxy, wrap, type Remote } from 'comlink';
import { create } from 'zustand';
import { largestConfig, smallestConfig, type SubTransformerConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import { formatProblems } from '../core/result';
import { builtinSpace } from '../core/space';
import type { BackendName } from '../tfjs/backend-names';
import { MAX_WASM_THREADS } from '../tfjs/wasm-thread-count';
import { useComputeStore } from './compute-store';
import type { ConfigValidation, ValidationModelInfo, ValidationWorkerApi } from '../protocol/validation';
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

// The panel's own worker: switching its backend never disturbs a search running in the search's validation workers.
// It validates one config at a time, so it runs every thread the page may use (a worker's count is fixed once its
// WASM backend starts: another count starts a new worker at the next load).
let worker: { api: Remote<ValidationWorkerApi>; threads: number } | undefined;
let workerFailure: ((message: string) => void) | undefined;
let terminate: (() => void) | undefined;

const panelThreads = (): number => Math.min(useComputeStore.getState().threads, MAX_WASM_THREADS);

function getWorker(threads?: number): Remote<ValidationWorkerApi> {
  if (worker && threads !== undefined && threads !== worker.threads) {
    worker.api[releaseProxy]();
    terminate?.();
    worker = undefined;
  }
  if (!worker) {
    const raw = startTfjsWorker('validation', 'panel');
    raw.addEventListener('error', (event) => {
      workerFailure?.(`the validation worker failed: ${event.message || 'it could not start'}`);
      // A crashed worker answers nothing more: the next action starts a fresh one.
      raw.terminate();
      worker = undefined;
    });
    terminate = () => raw.terminate();
    worker = { api: wrap<ValidationWorkerApi>(raw), threads: threads ?? panelThreads() };
  }
  return worker.api;
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
      const info = await getWorker().load({ backend, baseUrl: baseUrl(), maxValidPairs, wasmThreads: worker?.threads });
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
        const wasmThreads = panelThreads();
        const info = await getWorker(wasmThreads).load({ backend, baseUrl: baseUrl(), maxValidPairs, wasmThreads });
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
        const [result] = await getWorker().validateBatch(nextJobId++, [chosen.config]);
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
        const english = await getWorker().translate(chosen.config, german, beam);
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
