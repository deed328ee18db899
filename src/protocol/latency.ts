import type { MeasuredItem, MeasureRunSpec, ReferenceDrift } from '../core/latency/measure-plan';
import type { MeasureRunStatus } from '../storage/measure-db';

export type MeasureBackend = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

export interface MeasureStartRequest extends MeasureRunSpec {
  backend: MeasureBackend;
}

/** Sent after the model is built and after every measured item. */
export interface MeasureProgress {
  runId: string;
  /** Plan items (samples and reference timings) measured so far, of `total`. */
  measured: number;
  total: number;
  samplesMeasured: number;
  samples: number;
  /** The item just measured (absent on the first report of a start or resume). */
  last?: MeasuredItem;
  /** Estimated milliseconds left, or null before the first item. */
  etaMs: number | null;
  /** Every reference timing so far, relative to the first. */
  drift: ReferenceDrift[];
}

export interface MeasureOutcome {
  runId: string;
  status: Exclude<MeasureRunStatus, 'running'>;
  error?: string;
}

/** What workers/latency.worker.ts exposes over comlink; callbacks must be wrapped in comlink's proxy(). */
export interface LatencyWorkerApi {
  /** Creates a run in IndexedDB and measures it; resolves when it is done, paused, cancelled or failed. */
  start(request: MeasureStartRequest, onProgress: (progress: MeasureProgress) => void): Promise<MeasureOutcome>;
  /** Continues a stored run (paused, or interrupted by a reload) from its first unmeasured item. */
  resume(runId: string, onProgress: (progress: MeasureProgress) => void): Promise<MeasureOutcome>;
  /** Stops after abandoning the item in flight; the run stays resumable. */
  pause(): void;
  /** Stops for good; the items measured so far stay stored and exportable. */
  cancel(): void;
}
