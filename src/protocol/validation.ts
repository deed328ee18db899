import type { SubTransformerConfig } from '../core/config';
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
}

/**
 * One worker's share of the validation set: the batches a deterministic split of the set into `count` shares gives
 * share `index`. A config validated as `count` shares on `count` workers scores every batch exactly once.
 */
export interface ValidationShare {
  index: number;
  count: number;
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
  translate(config: SubTransformerConfig, german: string, beam: number): Promise<string>;
  /** Serves this same API on `port` (comlink expose), so another worker (the search worker) can call it directly. */
  connectPort(port: MessagePort): void;
}
