import type { SubTransformerConfig } from '../core/config';
import type { SearchSpace } from '../core/space';
import type { SuperDims } from '../supertransformer/dims';
import type { BackendName } from '../tfjs/backend-names';

/** One SubTransformer's validation result on the shipped validation subset. */
export interface ConfigValidation {
  /** Mean token-level negative log-likelihood over non-pad target tokens, nats. */
  validLoss: number;
  perplexity: number;
  /** Target tokens scored (each sentence's </s> included). */
  tokens: number;
  /** Their summed negative log-likelihood, nats: the shares of one config validated by several workers add up. */
  nllSum: number;
  /** With an imported HAT checkpoint: HAT's own valid_loss (label-smoothed, base 2, as evo_search.py logs it). */
  hatLoss?: number;
  sentences?: number;
}

/**
 * One worker's share of the validation set: the batches a deterministic split of the set into `count` shares gives
 * share `index`. A config validated as `count` shares on `count` workers scores every batch exactly once.
 */
export interface ValidationShare {
  index: number;
  count: number;
}

/** What an imported HAT checkpoint is (shown before and after loading, kept by the UI across reloads). */
export interface HatModelInfo {
  fileName: string;
  arch: string;
  /** fairseq's language pair, e.g. "en-de". */
  task: string;
  format: 'zip' | 'legacy';
  precision: 'fp16' | 'fp32' | 'mixed';
  dims: SuperDims;
  /** The checkpoint's own search space (its `*-choice` args); configs outside it are refused. */
  space: SearchSpace;
  vocab: { source: number; target: number };
  sentences: number;
  tokens: number;
  labelSmoothing: number;
  /** A trained SubTransformer checkpoint's own config (HAT_*.pt), else null. */
  subTransformer: SubTransformerConfig | null;
  fileBytes: number;
  /** Bytes of the checkpoint actually read (the model's tensors and structure, never the optimizer state). */
  bytesRead: number;
  /** Memory the float32 weights take once loaded. */
  memoryBytes: number;
  loadMs: number;
}

/** A HAT checkpoint and fairseq's files (dict.*.txt, valid.*.{bin,idx} or BPE'd text), as dropped or chosen. */
export interface HatImportRequest {
  backend: BackendName | 'auto';
  checkpoint: { name: string; blob: Blob };
  dataFiles: Array<{ name: string; blob: Blob }>;
  subset?: string;
  maxTokens?: number;
}

/** Progress of an import: the checkpoint's model bytes read so far (the optimizer state is never read). */
export interface HatImportProgress {
  phase: 'reading checkpoint' | 'reading data' | 'reading weights' | 'building model';
  bytesRead: number;
  bytesTotal: number;
}

/** What the loaded SuperTransformer is and what it runs on (the model card facts the UI shows). */
export interface ValidationModelInfo {
  backend: BackendName;
  /** Set when the requested backend was replaced (for example a lost WebGPU device fell back to WASM). */
  fallbackMessage: string | null;
  /** Every embed, FFN and qkv dim of a HAT config is multiplied by this to run on the shipped weights. */
  widthScale: number;
  /** Search spaces whose every config the model can validate. */
  spaces: string[];
  validPairs: number;
  validTokens: number;
  /** Updates the shipped weights were trained for. */
  trainingSteps: number;
  /** Workers validating in parallel (several behind one pool in the search), each running `threadsPerWorker`. */
  workers: number;
  /** WASM threads of each worker (tf.js's own count after start-up); 1 on every other backend. */
  threadsPerWorker: number;
  /** Why fewer WASM threads run than were asked for (no cross-origin isolation, for example), or null. */
  threadsNotice: string | null;
  /** Set when the model is an imported HAT checkpoint instead of the shipped demo. */
  hat?: HatModelInfo;
}

export interface ValidationLoadOptions {
  backend: BackendName | 'auto';
  /** The app's base URL: model/ and data/ are fetched under it. */
  baseUrl: string;
  /**
   * Tests only: validate on the first N pairs of the validation subset (WebGPU on SwiftShader is slow). The app
   * never sets it, so every search scores configs on the same, full subset.
   */
  maxValidPairs?: number;
  /** WASM threads for the worker (fixed once its WASM backend has started); 1 by default. */
  wasmThreads?: number;
}

/** What workers/validation.worker.ts exposes over comlink. Callbacks must be wrapped in comlink's proxy(). */
export interface ValidationWorkerApi {
  /** Loads the shipped model once (idempotent per backend); backend 'auto' = webgpu, then wasm, then cpu. */
  load(options: ValidationLoadOptions): Promise<ValidationModelInfo>;
  /**
   * Validates configs (HAT real units) in order; onProgress after each; rejects with a clear message for a config
   * outside the model's spaces; stops early (rejecting with an Error whose message starts with 'cancelled') after
   * cancel(jobId). With `share`, each config is scored on that share of the set only.
   */
  validateBatch(
    jobId: number,
    configs: SubTransformerConfig[],
    onProgress?: (done: number, total: number, last: ConfigValidation) => void,
    share?: ValidationShare,
  ): Promise<ConfigValidation[]>;
  cancel(jobId: number): void;
  /**
   * Reads only the header of a HAT checkpoint (args, dims, space, sizes), so the UI can say what memory a load needs
   * before starting it.
   */
  inspectHatCheckpoint(checkpoint: {
    name: string;
    blob: Blob;
  }): Promise<Omit<HatModelInfo, 'sentences' | 'tokens' | 'loadMs' | 'bytesRead'>>;
  /**
   * Loads a HAT checkpoint with fairseq's files as the accuracy model (replacing the current one only on success),
   * with progress; cancel(jobId) stops it between reads, leaving the current model in place.
   */
  loadHatCheckpoint(
    jobId: number,
    request: HatImportRequest,
    onProgress?: (progress: HatImportProgress) => void,
  ): Promise<ValidationModelInfo>;
  translate(config: SubTransformerConfig, german: string, beam: number): Promise<string>;
  /** Serves this same API on `port` (comlink expose), so another worker (the search worker) can call it directly. */
  connectPort(port: MessagePort): void;
}
