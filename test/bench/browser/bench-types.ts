import type { MeasureSettings } from '../../../src/core/latency/measure-plan';
import type { ExtremeLatency } from './bench.worker';

/** What the runner asks the bench page to do (settings are printed with the results). */
export interface BrowserBenchConfig {
  backend: 'wasm' | 'webgpu';
  /** [workers, WASM threads per worker] for each layout to run, one after another. */
  layouts: Array<[number, number]>;
  /** Validate on the first N pairs of the shipped subset (all when absent). */
  validPairs?: number;
  /** Timed validations per config (after one warm-up). */
  validationRuns: number;
  matmulSize: number;
  /** Device measurement of a space's smallest and largest config, in single-worker layouts; null skips it. */
  measure: { space: string; settings: Partial<MeasureSettings> } | null;
  /** HAT evolution on hat-wmt under one budget; population 0 skips it. */
  search: { population: number; iterations: number; budgetMs: number };
  predictorJson: string;
  /** Set by the page for the layout being run. */
  currentThreads?: number;
}

export interface ValidationTiming {
  config: 'largest' | 'smallest';
  /** Median wall time of one validation through the layout's pool, ms. */
  ms: number;
  gflop: number;
  modelGflops: number;
  /** Model GFLOP/s over the same layout's dense matmul GFLOP/s (every worker at once). */
  ratioToMatmul: number;
}

export interface LayoutResult {
  layout: string;
  workers: number;
  threadsPerWorker: number;
  threadsNotice: string | null;
  backend: string;
  matmulGflops: number;
  validation: ValidationTiming[];
  /** Share of the validation batches' target positions that are padding. */
  padding: number;
  batches: number;
  validTokens: number;
  validPairs: number;
  measurement: ExtremeLatency[] | null;
  search: {
    wallMs: number;
    validationMs: number;
    uniqueValidations: number;
    msPerValidation: number;
    bestLoss: number | null;
  } | null;
}

export interface PageResult {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  adapter: { vendor: string; architecture: string; device: string; description: string; software: boolean } | null;
  layouts: LayoutResult[];
}
