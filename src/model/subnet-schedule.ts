import { sampleConfig } from '../core/gene';
import { createRng } from '../core/rng';
import type { SubTransformerConfig } from '../core/config';
import type { SearchSpace } from '../core/space';
import { largestConfig } from './reference-configs';

/**
 * The SubTransformer trained at `step`: the largest for the first `largestOnlySteps` updates, then one sampled
 * uniformly per update (HAT). Uniform sampling from scratch leaves the encoder unused (the decoder learns a
 * target-side language model first and the encoder collapses); a short warm start on the largest makes the
 * decoder read the source before sampling begins (scripts/train/source-use-experiment.ts).
 */
export function trainingConfigAt(
  space: SearchSpace,
  step: number,
  largestOnlySteps: number,
  seed: number,
): SubTransformerConfig {
  if (step < largestOnlySteps) return largestConfig(space);
  return sampleConfig(space, createRng(seed * 1_000_003 + step));
}
