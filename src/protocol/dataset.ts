import type { DatasetParseResult } from '../core/dataset/types';

/** What workers/dataset.worker.ts exposes over comlink. */
export interface DatasetWorkerApi {
  /** Streams and parses one latency CSV off the main thread. Never rejects for bad content. */
  parseLatencyFile(file: Blob): Promise<DatasetParseResult>;
}
