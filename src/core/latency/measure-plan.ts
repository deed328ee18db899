import { configKey, type SubTransformerConfig } from '../config';
import type { LatencyRow } from '../dataset/types';
import { configFeatures } from '../features';
import { decodeGene, geneChoices, sampleConfig } from '../gene';
import { createRng } from '../rng';
import type { SearchSpace } from '../space';

/**
 * Settings of a run stored before `threads` existed get it: those runs measured on one thread.
 */
export function withThreads(settings: Omit<MeasureSettings, 'threads'> & { threads?: number }): MeasureSettings {
  return { ...settings, threads: settings.threads ?? 1 };
}

/** Knobs of HAT's latency protocol (spec section 5) that a measurement run may change. */
export interface MeasureSettings {
  /** HAT's --latiter: timed runs of the encoder and of the whole decoder loop, per config (at least 2). */
  latIter: number;
  /** Untimed runs before the timed ones (HAT: 5), so caches, JIT and shader compilation are warm. */
  dryRuns: number;
  /** Beam rows decoded together (HAT: 5). */
  beam: number;
  /** Rows of the token table, which sets the output projection's cost at every decoder step. */
  vocabSize: number;
  /** The reference config is re-timed after every this many sampled configs, to expose drift. */
  referenceEvery: number;
  /**
   * WASM threads the timed model runs on (other backends ignore it). Latency depends on it; HAT timed its CPUs
   * (Raspberry Pi, Xeon) on one thread. Runs stored before the setting existed ran on one.
   */
  threads: number;
}

/** Most measurement threads accepted: tf.js's WASM pool stops at 8. */
export const MAX_MEASURE_THREADS = 8;

/**
 * Default vocabulary sizes: the output projection (embed dim x vocab, per beam row and step) is the largest single
 * product of a decoder step, so the vocabulary must be HAT's order of magnitude for the numbers to be comparable.
 * fairseq's joined BPE dictionary for WMT En-De has 32,768 entries; for IWSLT'14 De-En the target (English)
 * dictionary has 6,632, and only the target side reaches the output projection.
 */
export function defaultVocabSize(space: SearchSpace): number {
  return space.defaultTokens === 23 ? 6632 : 32768;
}

export function defaultMeasureSettings(space: SearchSpace): MeasureSettings {
  return { latIter: 20, dryRuns: 5, beam: 5, vocabSize: defaultVocabSize(space), referenceEvery: 10, threads: 1 };
}

/** Why settings cannot be used, or null. */
export function measureSettingsProblem(settings: MeasureSettings): string | null {
  const { latIter, dryRuns, beam, vocabSize, referenceEvery, threads } = settings;
  if (!Number.isInteger(latIter) || latIter < 2) return 'timed runs (latiter) must be an integer of at least 2';
  if (!Number.isInteger(dryRuns) || dryRuns < 0) return 'dry runs must be a non-negative integer';
  if (!Number.isInteger(beam) || beam < 1) return 'beam must be a positive integer';
  // Ids 0-3 are padding, <s>, </s> and <unk>; the source needs ordinary tokens above them.
  if (!Number.isInteger(vocabSize) || vocabSize < 8) return 'vocabulary size must be an integer of at least 8';
  if (!Number.isInteger(referenceEvery) || referenceEvery < 1) return 'reference interval must be a positive integer';
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_MEASURE_THREADS) {
    return `threads must be a whole number from 1 to ${MAX_MEASURE_THREADS}`;
  }
  return null;
}

export type PlanItemKind = 'sample' | 'reference';

/** One timing job of a run; `index` is its position in the plan and its key in storage. */
export interface PlanItem {
  index: number;
  kind: PlanItemKind;
  /** For samples: 0-based number among the samples (the CSV row); for references: how many samples precede it. */
  ordinal: number;
  config: SubTransformerConfig;
}

/**
 * The fixed config re-timed through a run: the middle choice of every gene (rounding towards the larger choice),
 * a mid-sized model whose latency moves only when the device does.
 */
export function referenceConfig(space: SearchSpace): SubTransformerConfig {
  const gene = geneChoices(space).map((choices) => {
    const sorted = [...choices].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  });
  return decodeGene(gene, space);
}

/**
 * `count` distinct configs drawn uniformly from the space with a seeded generator, in the order drawn. Independent
 * uniform draws are already a random order, so size does not correlate with measurement time and slow drift
 * (heat, throttling, background load) spreads over all sizes instead of biasing one end.
 */
export function sampleMeasureConfigs(space: SearchSpace, count: number, seed: number): SubTransformerConfig[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const rng = createRng(seed);
  const seen = new Set<string>();
  const configs: SubTransformerConfig[] = [];
  // The spaces hold billions of configs; the attempt cap only stops a tiny custom space from looping forever.
  for (let attempts = 0; configs.length < count && attempts < count * 100; attempts++) {
    const config = sampleConfig(space, rng);
    const key = configKey(config);
    if (seen.has(key)) continue;
    seen.add(key);
    configs.push(config);
  }
  if (configs.length < count) throw new RangeError(`the space has fewer than ${count} distinct configs`);
  return configs;
}

export interface PlanRequest {
  space: SearchSpace;
  count: number;
  seed: number;
  referenceEvery: number;
}

/**
 * The whole run: the reference first, the samples in drawn order, the reference again after every `referenceEvery`
 * samples and once at the end (so the last stretch's drift is known too). Deterministic in its request, so a
 * resumed run rebuilds the identical plan and skips the indices already stored.
 */
export function planMeasurement(request: PlanRequest): PlanItem[] {
  const { space, count, seed, referenceEvery } = request;
  if (!Number.isInteger(referenceEvery) || referenceEvery < 1) throw new RangeError('referenceEvery must be >= 1');
  const reference = referenceConfig(space);
  const items: PlanItem[] = [];
  const push = (kind: PlanItemKind, ordinal: number, config: SubTransformerConfig): void => {
    items.push({ index: items.length, kind, ordinal, config });
  };
  push('reference', 0, reference);
  sampleMeasureConfigs(space, count, seed).forEach((config, i) => {
    push('sample', i, config);
    const done = i + 1;
    if (done % referenceEvery === 0 || done === count) push('reference', done, reference);
  });
  return items;
}

/** The plan's items not yet measured, in plan order. */
export function remainingItems(plan: readonly PlanItem[], doneIndices: Iterable<number>): PlanItem[] {
  const done = new Set(doneIndices);
  return plan.filter((item) => !done.has(item.index));
}

/** A measured plan item as stored: the HAT row (features and latencies) and how long measuring it took. */
export interface MeasuredItem {
  index: number;
  kind: PlanItemKind;
  ordinal: number;
  row: LatencyRow;
  /** Wall time of the whole item (model slicing, dry runs, timed runs), for the ETA. */
  elapsedMs: number;
  measuredAt: string;
}

export const totalMs = (row: LatencyRow): number => row.latencyMeanEncoderMs + row.latencyMeanDecoderMs;

export interface ReferenceDrift {
  /** Samples measured before this reference timing. */
  afterSamples: number;
  totalMs: number;
  /** Relative change of the total latency against the run's first reference timing (0.05 = 5 % slower). */
  drift: number;
}

/** The reference timings in plan order, each relative to the first. */
export function referenceDrifts(items: readonly MeasuredItem[]): ReferenceDrift[] {
  const refs = items.filter((i) => i.kind === 'reference').sort((a, b) => a.index - b.index);
  const first = refs[0];
  if (!first) return [];
  const base = totalMs(first.row);
  return refs.map((r) => ({ afterSamples: r.ordinal, totalMs: totalMs(r.row), drift: totalMs(r.row) / base - 1 }));
}

/** The sampled rows in plan order: the run's HAT dataset (reference timings are not part of it). */
export function sampleRows(items: readonly MeasuredItem[]): LatencyRow[] {
  return items
    .filter((i) => i.kind === 'sample')
    .sort((a, b) => a.index - b.index)
    .map((i) => i.row);
}

/**
 * Milliseconds left: the mean wall time per measured item times the items left. Items are a random draw from the
 * space, so the running mean estimates the remaining items' mean without knowing their sizes.
 */
export function estimateRemainingMs(done: readonly MeasuredItem[], remaining: number): number | null {
  if (done.length === 0) return remaining === 0 ? 0 : null;
  const mean = done.reduce((sum, i) => sum + i.elapsedMs, 0) / done.length;
  return mean * remaining;
}

export function rowFor(
  config: SubTransformerConfig,
  encoder: { meanMs: number; stdMs: number },
  decoder: { meanMs: number; stdMs: number },
): LatencyRow {
  return {
    features: configFeatures(config),
    latencyMeanEncoderMs: encoder.meanMs,
    latencyMeanDecoderMs: decoder.meanMs,
    latencyStdEncoderMs: encoder.stdMs,
    latencyStdDecoderMs: decoder.stdMs,
  };
}

/** Where and how a run measured: written next to the CSV, since HAT's CSV has no room for it. */
export interface MeasureDevice {
  userAgent: string;
  backend: string;
  /** WebGPU adapter info (vendor, architecture, device, description) when the backend is webgpu. */
  adapter?: Record<string, string>;
  hardwareConcurrency: number | null;
  /** Threads the backend really ran the timed model on (tf.js's own WASM count; 1 on GPU and CPU backends). */
  threads?: number;
}

export interface MeasureRunSpec {
  space: string;
  backend: string;
  count: number;
  seed: number;
  settings: MeasureSettings;
}

export const MEASURE_SIDECAR_FORMAT = 'hat-explorer/latency-measurement';

/** The JSON sidecar of an exported run. */
export function measurementSidecar(
  spec: MeasureRunSpec,
  device: MeasureDevice,
  tokens: number,
  items: readonly MeasuredItem[],
  dates: { startedAt: string; exportedAt: string },
): Record<string, unknown> {
  return {
    format: MEASURE_SIDECAR_FORMAT,
    version: 1,
    device,
    date: dates.startedAt,
    exportedAt: dates.exportedAt,
    space: spec.space,
    seed: spec.seed,
    requestedRows: spec.count,
    rows: items.filter((i) => i.kind === 'sample').length,
    protocol: {
      sourceTokens: tokens,
      decoderSteps: tokens,
      batch: 1,
      ...withThreads(spec.settings),
      trim: '10 % each end (HAT)',
    },
    referenceConfig: 'middle choice of every gene (see referenceConfig)',
    referenceDrift: referenceDrifts(items),
  };
}
