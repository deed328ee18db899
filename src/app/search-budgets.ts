import { configFeatures } from '../core/features';
import { sampleConfig } from '../core/gene';
import { predictLatencyMs, predictLatencyUpperMs, type LatencyPredictor } from '../core/latency/predictor';
import { createRng } from '../core/rng';
import { builtinSpace, type SearchSpace } from '../core/space';
import type { SearchAlgorithm, SearchSettings } from '../protocol/search';
import { searchSpaceOf } from './search-space';

export interface LatencyRange {
  /** Predicted latency quantiles of uniformly sampled configs of the space, ms. */
  minMs: number;
  q25Ms: number;
  medianMs: number;
  q75Ms: number;
  maxMs: number;
}

const SAMPLES = 512;

/**
 * What the space's (a built-in's, by name, or an imported checkpoint's) SubTransformers cost under a predictor:
 * quantiles over a fixed seeded sample (pure JS, one batch, a few ms), so the panel can suggest budgets and say when
 * one is out of reach. With a confidence (and a predictor that has an interval), the quantiles are of the upper bounds
 * the budget rule checks.
 */
export function predictedLatencyRange(
  predictor: LatencyPredictor,
  spaceOrName: SearchSpace | string | undefined,
  confidence: number | null = null,
): LatencyRange | null {
  const space = typeof spaceOrName === 'string' ? builtinSpace(spaceOrName) : spaceOrName;
  if (!space) return null;
  const rng = createRng(7);
  const features = Array.from({ length: SAMPLES }, () => configFeatures(sampleConfig(space, rng)));
  const bound = confidence === null ? null : predictLatencyUpperMs(predictor, features, confidence);
  const sorted = Array.from(bound ?? predictLatencyMs(predictor, features)).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.round(q * (sorted.length - 1))]!;
  return { minMs: at(0), q25Ms: at(0.25), medianMs: at(0.5), q75Ms: at(0.75), maxMs: at(1) };
}

/** Budgets worth starting from: the median for one search, quartiles for a sweep, none (the whole front) for NSGA-II. */
export function suggestedBudgetsMs(range: LatencyRange, algorithm: SearchAlgorithm): number[] {
  const round = (ms: number): number => Number(ms.toPrecision(3));
  if (algorithm === 'sweep') return [range.q25Ms, range.medianMs, range.q75Ms].map(round);
  if (algorithm === 'nsga2') return [];
  return [round(range.medianMs)];
}

/** "120, 250.5" → [120, 250.5]; null when any entry is not a positive number. */
export function parseBudgets(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const values = parts.map(Number);
  return values.every((v, i) => /^\d+(\.\d+)?$/.test(parts[i]!) && v > 0) ? values : null;
}

/**
 * The settings that search with a newly chosen profile: its id, and budgets suggested from its predicted range for
 * the space (another device has other latencies: budgets that made sense for the last one rarely do for this one),
 * of the upper bounds under a confidence rule when the predictor has an interval.
 */
export function settingsForProfile(
  profileId: string,
  predictor: LatencyPredictor | undefined,
  settings: Pick<SearchSettings, 'space' | 'spaceDefinition'> & {
    algorithm: SearchAlgorithm;
    latencyConfidence?: number | null;
  },
): { profileId: string; budgetsMs?: number[] } {
  const confidence = predictor?.interval ? (settings.latencyConfidence ?? null) : null;
  const range = predictor ? predictedLatencyRange(predictor, searchSpaceOf(settings), confidence) : null;
  return { profileId, ...(range ? { budgetsMs: suggestedBudgetsMs(range, settings.algorithm) } : {}) };
}
