import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { SHIPPED_FILES } from '../data/manifest';
import { tokenizerFromFile } from '../data/tokenizer-json';
import { parseTsv } from '../data/tsv';
import type {
  ConfigValidation,
  ValidationLoadOptions,
  ValidationModelInfo,
  ValidationShare,
  ValidationWorkerApi,
  HatImportProgress,
  HatImportRequest,
} from '../protocol/validation';
import { AccuracyModel, loadSuperTransformer } from './accuracy-model';
import { inspectHat, loadHatModel } from '../fairseq/hat-import';
import type { BackendName } from '../tfjs/backend-names';
import { SHIPPED_MODEL_HEADER, trainingStepsOf } from './model-meta';

/** Where the shipped files live, relative to the app's base URL (or to `public/` in Node). */
export const SHIPPED_MODEL_FILES = {
  header: SHIPPED_MODEL_HEADER,
  weights: 'model/weights.bin',
  tokenizer: `data/${SHIPPED_FILES.tokenizer}`,
  validSearch: `data/${SHIPPED_FILES.validSearch}`,
} as const;

/** The raw shipped files, however they were read (fetch in a browser, the file system in Node). */
export interface ShippedAssets {
  header: unknown;
  weights: Uint8Array;
  tokenizer: unknown;
  validTsv: string;
}

/** Builds the accuracy proxy from the shipped files; the tokenizer must be the one the model was trained with. */
export function accuracyModelFromAssets(
  assets: ShippedAssets,
  maxValidPairs?: number,
): { model: AccuracyModel; validPairs: number } {
  const { meta, model } = loadSuperTransformer(assets.header, assets.weights);
  try {
    const tokenizer = tokenizerFromFile(assets.tokenizer);
    if (tokenizer.vocabSize !== meta.dims.vocabSize) {
      throw new Error(
        `the tokenizer has ${tokenizer.vocabSize} tokens but the model was trained with ${meta.dims.vocabSize}`,
      );
    }
    let pairs = parseTsv(assets.validTsv);
    if (maxValidPairs !== undefined) {
      if (!Number.isInteger(maxValidPairs) || maxValidPairs < 1) {
        throw new RangeError(`maxValidPairs must be a positive integer, got ${maxValidPairs}`);
      }
      pairs = pairs.slice(0, maxValidPairs);
    }
    if (pairs.length === 0) throw new Error('the validation subset is empty');
    return { model: new AccuracyModel(meta, model, tokenizer, pairs), validPairs: pairs.length };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** How the service reaches tf.js backends: injected, so the browser worker and Node tests share the logic. */
export interface BackendHost {
  /**
   * Makes `name` the active tf.js backend (WASM with `wasmThreads` threads, fixed once it has started), or throws an
   * Error saying why it is not available.
   */
  activate(name: BackendName, wasmThreads?: number): Promise<void>;
  /** The threads the active backend runs and why fewer than asked, if so; one thread when absent. */
  threading?(name: BackendName): { threads: number; notice: string | null };
  /**
   * Why `name` only runs on a software device (WebGPU on SwiftShader), or null. 'auto' skips such backends: a
   * software GPU is slower than WASM by two orders of magnitude (0.4 against 15-25 GFLOP/s measured here).
   */
  softwareOnly?(name: BackendName): Promise<string | null>;
  /** For a GPU backend just activated: resolves with a reason once its device is lost. Null when it cannot be lost. */
  deviceLost(name: BackendName): Promise<string> | null;
}

/** 'auto' tries the fastest backend first (issue 3): WebGPU, then WASM, then plain JavaScript. */
export const AUTO_BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];
/** Where a lost GPU device falls back to. */
const FALLBACK_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

/** What the service scores with: the shipped demo (AccuracyModel) or an imported HAT checkpoint. */
export interface ScoringModel {
  /** Throws a RangeError naming why `config` cannot be scored. */
  realise(config: SubTransformerConfig): unknown;
  /** The loss of `config` over the validation set, or over one share of it (summed log-likelihood included). */
  validate(config: SubTransformerConfig, share?: ValidationShare): Promise<ConfigValidation>;
  translate(config: SubTransformerConfig, text: string, beam: number): Promise<string>;
  dispose(): void;
}

interface Loaded {
  key: string;
  model: ScoringModel;
  info: ValidationModelInfo;
  /** Builds the same model again on the active backend (after a lost GPU device). */
  rebuild: () => Promise<ScoringModel>;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Lets the event loop run queued messages (a cancel() call) between validations, which are mostly microtasks. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The validation worker's logic: one loaded model at a time, every operation run one after another (tf.js is single
 * threaded and a model swap must not happen under a running validation), cancellation between configs, and a lost
 * WebGPU device replaced by WASM with a message instead of a dead worker.
 */
export class ValidationService implements Omit<ValidationWorkerApi, 'connectPort'> {
  private loaded: Loaded | null = null;
  /** WASM threads this worker's backend starts with (fixed once it has started): the last load's, 1 at first. */
  private wasmThreads = 1;
  private readonly assets = new Map<string, Promise<ShippedAssets>>();
  private readonly cancelled = new Set<number>();
  private readonly aborts = new Map<number, AbortController>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Set once a WebGPU device was lost: WebGPU is not tried again in this worker. */
  private gpuLostMessage: string | null = null;
  /** Resolves when the current model's device is lost (never for CPU backends). */
  private lost: Promise<string> = new Promise<string>(() => undefined);
  private recovery: Promise<void> | null = null;

  constructor(
    private readonly host: BackendHost,
    private readonly readAssets: (baseUrl: string) => Promise<ShippedAssets>,
  ) {}

  load(options: ValidationLoadOptions): Promise<ValidationModelInfo> {
    return this.exclusive(() => this.loadNow(options));
  }

  validateBatch(
    jobId: number,
    configs: SubTransformerConfig[],
    onProgress?: (done: number, total: number, last: ConfigValidation) => void,
    share?: ValidationShare,
  ): Promise<ConfigValidation[]> {
    return this.exclusive(async () => {
      try {
        const loaded = this.requireLoaded();
        // Refuse the whole batch before any work, so a bad config never leaves half a batch scored.
        configs.forEach((config, i) => {
          try {
            loaded.model.realise(config);
          } catch (error) {
            throw new RangeError(`config ${i + 1} of ${configs.length}: ${errorMessage(error)}`, { cause: error });
          }
        });
        const results: ConfigValidation[] = [];
        for (const [i, config] of configs.entries()) {
          await yieldToEventLoop();
          if (this.cancelled.has(jobId)) {
            throw new Error(`cancelled: job ${jobId} stopped after ${i} of ${configs.length} configs`);
          }
          const result = await this.withRecovery((model) => model.validate(config, share));
          results.push(result);
          // A proxied callback answers asynchronously; a caller that went away must not fail the batch.
          void Promise.resolve(onProgress?.(i + 1, configs.length, result)).catch(() => undefined);
        }
        return results;
      } finally {
        this.cancelled.delete(jobId);
      }
    });
  }

  cancel(jobId: number): void {
    this.cancelled.add(jobId);
    this.aborts.get(jobId)?.abort();
  }

  translate(config: SubTransformerConfig, german: string, beam: number): Promise<string> {
    return this.exclusive(async () => {
      if (!Number.isInteger(beam) || beam < 1 || beam > 16) {
        throw new RangeError(`beam must be a whole number from 1 to 16, got ${beam}`);
      }
      const loaded = this.requireLoaded();
      loaded.model.realise(config);
      if (german.trim() === '') return '';
      return this.withRecovery((model) => model.translate(config, german, beam));
    });
  }

  /** The loaded shipped accuracy model, or null (before load(), or with a HAT checkpoint): benches read its batches. */
  get model(): AccuracyModel | null {
    const model = this.loaded?.model;
    return model instanceof AccuracyModel ? model : null;
  }

  /** The current model's facts, or null before load(). */
  get info(): ValidationModelInfo | null {
    return this.loaded ? { ...this.loaded.info } : null;
  }

  dispose(): void {
    this.loaded?.model.dispose();
    this.loaded = null;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private requireLoaded(): Loaded {
    if (!this.loaded) throw new Error('no model loaded: call load() first');
    return this.loaded;
  }

  private readAssetsOnce(baseUrl: string): Promise<ShippedAssets> {
    let pending = this.assets.get(baseUrl);
    if (!pending) {
      pending = this.readAssets(baseUrl);
      this.assets.set(baseUrl, pending);
      // A failed download may succeed later (network back): do not cache the failure.
      pending.catch(() => this.assets.delete(baseUrl));
    }
    return pending;
  }

  private async loadNow(options: ValidationLoadOptions): Promise<ValidationModelInfo> {
    const wasmThreads = options.wasmThreads ?? this.wasmThreads;
    const key = `${options.backend}|${options.baseUrl}|${options.maxValidPairs ?? 'all'}|${wasmThreads}`;
    if (this.recovery) await this.recovery.catch(() => undefined);
    if (this.loaded?.key === key) return { ...this.loaded.info };
    const assets = await this.readAssetsOnce(options.baseUrl);
    this.wasmThreads = wasmThreads;
    const backend = await this.chooseBackend(options.backend);
    // Free the old weights before building the new ones: two copies may not fit a phone's memory.
    this.dispose();
    const { model, validPairs } = accuracyModelFromAssets(assets, options.maxValidPairs);
    this.loaded = {
      key,
      model,
      rebuild: async () => accuracyModelFromAssets(assets, options.maxValidPairs).model,
      info: {
        backend: backend.name,
        fallbackMessage: backend.fallbackMessage,
        widthScale: model.meta.widthScale,
        spaces: [...model.meta.spaces],
        validPairs,
        validTokens: model.validTokens,
        trainingSteps: trainingStepsOf(model.meta),
        workers: 1,
        ...this.threadingOf(backend.name),
      },
    };
    this.watchDevice(backend.name);
    return { ...this.loaded.info };
  }

  inspectHatCheckpoint(checkpoint: { name: string; blob: Blob }) {
    return inspectHat(checkpoint);
  }

  loadHatCheckpoint(
    jobId: number,
    request: HatImportRequest,
    onProgress?: (progress: HatImportProgress) => void,
  ): Promise<ValidationModelInfo> {
    const abort = new AbortController();
    this.aborts.set(jobId, abort);
    return this.exclusive(async () => {
      try {
        if (this.cancelled.has(jobId)) abort.abort();
        if (this.recovery) await this.recovery.catch(() => undefined);
        const backend = await this.chooseBackend(request.backend);
        // The current model stays until the new one is built: a failed or cancelled import leaves it in place.
        const { model, info } = await loadHatModel(request, abort.signal, onProgress);
        this.dispose();
        this.loaded = {
          key: `hat|${request.checkpoint.name}|${jobId}`,
          model,
          rebuild: async () => (await loadHatModel(request, new AbortController().signal)).model,
          info: {
            backend: backend.name,
            fallbackMessage: backend.fallbackMessage,
            widthScale: 1,
            spaces: [],
            validPairs: info.sentences,
            validTokens: info.tokens,
            trainingSteps: 0,
            workers: 1,
            ...this.threadingOf(backend.name),
            hat: info,
          },
        };
        this.watchDevice(backend.name);
        return { ...this.loaded.info };
      } catch (error) {
        if (abort.signal.aborted) {
          throw new Error(`cancelled: the import of ${request.checkpoint.name} was stopped`, { cause: error });
        }
        throw error;
      } finally {
        this.aborts.delete(jobId);
        this.cancelled.delete(jobId);
      }
    });
  }

  private async chooseBackend(
    requested: BackendName | 'auto',
  ): Promise<{ name: BackendName; fallbackMessage: string | null }> {
    let candidates: readonly BackendName[] = requested === 'auto' ? AUTO_BACKEND_ORDER : [requested];
    let fallbackMessage: string | null = null;
    if (this.gpuLostMessage && candidates.includes('webgpu')) {
      candidates = candidates.filter((name) => name !== 'webgpu');
      if (candidates.length === 0) candidates = FALLBACK_ORDER;
      fallbackMessage = this.gpuLostMessage;
    }
    if (requested === 'auto' && this.host.softwareOnly) {
      const kept: BackendName[] = [];
      for (const name of candidates) {
        const reason = await this.host.softwareOnly(name);
        if (reason === null) kept.push(name);
        else fallbackMessage ??= `auto skipped ${name}: ${reason}`;
      }
      candidates = kept;
    }
    return { name: await this.activateFirst(candidates, requested, this.wasmThreads), fallbackMessage };
  }

  private threadingOf(backend: BackendName): { threadsPerWorker: number; threadsNotice: string | null } {
    const threading = this.host.threading?.(backend) ?? { threads: 1, notice: null };
    return { threadsPerWorker: threading.threads, threadsNotice: threading.notice };
  }

  private async activateFirst(
    candidates: readonly BackendName[],
    requested: string,
    wasmThreads = 1,
  ): Promise<BackendName> {
    const reasons: string[] = [];
    for (const name of candidates) {
      try {
        await this.host.activate(name, wasmThreads);
        return name;
      } catch (error) {
        reasons.push(`${name}: ${errorMessage(error)}`);
      }
    }
    throw new Error(
      requested === 'auto'
        ? `no tf.js backend is available here (${reasons.join('; ')})`
        : `the ${requested} backend is not available here (${reasons.join('; ')})`,
    );
  }

  private watchDevice(backend: BackendName): void {
    const lost = this.host.deviceLost(backend);
    const model = this.loaded?.model;
    this.lost = lost ? lost : new Promise<string>(() => undefined);
    void lost?.then((reason) => {
      // Only the model still in use needs replacing; a device lost after a backend switch is moot.
      if (this.loaded?.model === model) this.recovery ??= this.recover(backend, reason);
    });
  }

  /** Rebuilds the model on WASM (or CPU) after the GPU device was lost, keeping the same load options. */
  private async recover(lostBackend: BackendName, reason: string): Promise<void> {
    const loaded = this.loaded!;
    this.gpuLostMessage = `the ${lostBackend} device was lost (${reason}); switched to a CPU backend`;
    try {
      loaded.model.dispose();
    } catch {
      // The lost device's buffers may refuse to be freed; they go with the device anyway.
    }
    this.loaded = null;
    const backend = await this.activateFirst(FALLBACK_ORDER, 'fallback', this.wasmThreads);
    this.gpuLostMessage = `the ${lostBackend} device was lost (${reason}); switched to ${backend}`;
    const model = await loaded.rebuild();
    this.loaded = {
      ...loaded,
      model,
      info: { ...loaded.info, backend, fallbackMessage: this.gpuLostMessage, ...this.threadingOf(backend) },
    };
    this.watchDevice(backend);
    this.recovery = null;
  }

  /**
   * Runs `work` on the current model; if the GPU device is lost meanwhile (the pending read-back may then never
   * settle, or fail), waits for the rebuilt model and runs it once more there.
   */
  private async withRecovery<T>(work: (model: ScoringModel) => Promise<T>): Promise<T> {
    if (this.recovery) await this.recovery;
    const { model, info } = this.requireLoaded();
    // tf.js has one active backend per worker: make sure it is still the one the model's tensors live on.
    if (tf.getBackend() !== info.backend) await this.host.activate(info.backend, this.wasmThreads);
    const lostBefore = this.gpuLostMessage;
    const lostSignal = Symbol('lost');
    const outcome = await Promise.race([
      work(model).catch((error: unknown) => {
        if (this.recovery || this.gpuLostMessage !== lostBefore) return lostSignal;
        throw error;
      }),
      this.lost.then(() => lostSignal),
    ]);
    if (outcome !== lostSignal) return outcome as T;
    await this.waitForRecovery();
    return work(this.requireLoaded().model);
  }

  private async waitForRecovery(): Promise<void> {
    // The device-lost handler starts the recovery in a then() callback: give it that turn.
    for (let i = 0; i < 10 && !this.recovery && this.loaded && this.loaded.info.fallbackMessage === null; i++) {
      await yieldToEventLoop();
    }
    if (this.recovery) await this.recovery;
  }
}
