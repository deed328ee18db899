import { FEATURE_NAMES, type FeatureVector } from '../features';

/** HAT's latency CSV header, in order (spec section 6). */
export const LATENCY_CSV_HEADER = [
  ...FEATURE_NAMES,
  'latency_mean_encoder',
  'latency_mean_decoder',
  'latency_std_encoder',
  'latency_std_decoder',
] as const;

/** One measured SubTransformer: its ten HAT features and its latencies in milliseconds. */
export interface LatencyRow {
  features: FeatureVector;
  latencyMeanEncoderMs: number;
  latencyMeanDecoderMs: number;
  latencyStdEncoderMs: number;
  latencyStdDecoderMs: number;
}

/** A located problem in a dataset file. Lines and columns are 1-based, as an editor shows them. */
export interface DatasetError {
  line: number;
  /** Absent for whole-file problems (size, encoding, empty file). */
  column?: number;
  /** The header name of the column, when known. */
  columnName?: string;
  message: string;
}

export interface NumericRange {
  min: number;
  max: number;
}

export interface DatasetSummary {
  rows: number;
  /** One range per feature, in FEATURE_NAMES order. */
  featureRanges: { name: string; min: number; max: number }[];
  /** Total latency (mean encoder + mean decoder), milliseconds. */
  latencyMs: { min: number; median: number; max: number };
}

export type DatasetParseResult =
  { ok: true; rows: LatencyRow[]; summary: DatasetSummary } | { ok: false; errors: DatasetError[] };

export interface DatasetReadOptions {
  /** Files larger than this are refused without being read. Default 64 MiB. */
  maxBytes?: number;
  /** Stop collecting after this many errors. Default 50. */
  maxErrors?: number;
}

export const DEFAULT_MAX_DATASET_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_DATASET_ERRORS = 50;
