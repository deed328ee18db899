import type { Gene } from '../gene';
import type { Rng } from '../rng';
import { LatencyConstraintError } from './errors';
import { constrainedLatencyMs, type LatencyConfidence } from './latency-rule';
import type { SearchMemo } from './memo';

/**
 * A gene drawn uniformly, position by position: the same draws as gene.ts's sampleGene, without rebuilding the
 * choice lists for every candidate.
 */
export function sampleGeneFrom(choices: readonly (readonly number[])[], rng: Rng): Gene {
  return choices.map((options) => rng.pick(options));
}

/** HAT's mutation: each position is resampled from its choices with probability `mutationProb`. */
export function mutateGene(
  gene: readonly number[],
  choices: readonly (readonly number[])[],
  mutationProb: number,
  rng: Rng,
): Gene {
  return gene.map((value, i) => (rng.nextFloat() < mutationProb ? rng.pick(choices[i]!) : value));
}

/** HAT's crossover: each position comes from either parent with probability 0.5. */
export function crossoverGenes(first: readonly number[], second: readonly number[], rng: Rng): Gene {
  return first.map((value, i) => (rng.nextFloat() < 0.5 ? value : second[i]!));
}

/** Two distinct indices in [0, count), uniformly (Python's random.sample(range(count), 2), as HAT draws parents). */
export function pickDistinctPair(count: number, rng: Rng): [number, number] {
  if (count < 2) throw new RangeError(`two distinct parents need at least 2 candidates, got ${count}`);
  const first = rng.nextInt(count);
  const offset = 1 + rng.nextInt(count - 1);
  return [first, (first + offset) % count];
}

export interface FeasibleRequest {
  count: number;
  maxLatencyMs: number;
  /** The budget rule: null checks the point prediction, c the upper bound of confidence c. */
  confidence?: LatencyConfidence;
  /** Give up (LatencyConstraintError) after this many candidates. */
  maxCandidates: number;
  /** Draws the next candidate; called in order, so the accepted genes are those HAT's sequential loop keeps. */
  propose: () => Gene;
  /** For the error message: "sampling the initial population", "mutating", "crossing over". */
  stage: string;
}

/** Largest candidate batch sent to the predictor in one call. */
const MAX_BATCH = 4096;
/** Floor on the estimated acceptance rate, so a tight budget does not ask for huge batches at once. */
const MIN_ACCEPTANCE = 1 / 64;

/**
 * Rejection sampling in batches: candidates are proposed in order and the first `count` that meet the latency
 * constraint (under the request's budget rule) are kept, exactly as HAT's one-at-a-time loop would keep them, but the predictor sees a whole
 * batch per call. The batch grows with the observed rejection rate; bounded by `maxCandidates`.
 */
export async function fillFeasible(memo: SearchMemo, request: FeasibleRequest): Promise<Gene[]> {
  const { count, maxLatencyMs, maxCandidates, propose, stage } = request;
  const confidence = request.confidence ?? null;
  const accepted: Gene[] = [];
  let tried = 0;
  let smallest = Infinity;
  while (accepted.length < count) {
    if (tried >= maxCandidates) throw new LatencyConstraintError(maxLatencyMs, smallest, tried, stage, confidence);
    const remaining = count - accepted.length;
    const acceptance = tried === 0 ? 1 : Math.max(accepted.length / tried, MIN_ACCEPTANCE);
    const size = Math.min(
      maxCandidates - tried,
      Math.max(remaining, Math.min(MAX_BATCH, Math.ceil(remaining / acceptance))),
    );
    const candidates = Array.from({ length: size }, propose);
    const latencies = await memo.latencies(candidates);
    let checked = 0;
    for (let i = 0; i < size && accepted.length < count; i++) {
      checked += 1;
      const latencyMs = constrainedLatencyMs(latencies[i]!, confidence);
      smallest = Math.min(smallest, latencyMs);
      if (latencyMs <= maxLatencyMs) accepted.push(candidates[i]!);
    }
    memo.recordNaiveLatencyPredictions(checked);
    tried += size;
  }
  return accepted;
}
