import { phaseAt, type TrainingPhase } from './training-phases';
import { sampleConfig } from '../../core/gene';
import { createRng } from '../../core/rng';
import type { SubTransformerConfig } from '../../core/config';
import type { SearchSpace } from '../../core/space';
import { largestConfig, smallestConfig } from '../reference-configs';

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

/** How an update picks the SubTransformers whose gradients it sums. */
export type SubnetRule =
  /** HAT: one uniformly sampled SubTransformer per update. */
  | 'uniform'
  /**
   * The sandwich rule (BigNAS, OFA): the largest, the smallest and one uniformly sampled SubTransformer per update.
   * Uniform sampling trains decoder layer 6 on one update in six and layer 1 on every one, so deep, wide
   * SubTransformers end up the least trained and the loss no longer falls with size; the sandwich trains both ends
   * of the space on every update.
   */
  | 'sandwich';

/** The SubTransformers one update trains (`trainingConfigAt` for its sampled member). */
export function trainingConfigsAt(
  space: SearchSpace,
  step: number,
  largestOnlySteps: number,
  seed: number,
  rule: SubnetRule,
): SubTransformerConfig[] {
  const sampled = trainingConfigAt(space, step, largestOnlySteps, seed);
  if (rule === 'uniform' || step < largestOnlySteps) return [sampled];
  return [largestConfig(space), smallestConfig(space), sampled];
}

/** From `fromStep` on, updates follow `rule`; a run lists its phases by `fromStep`, the first from step 0. */
export interface SubnetRulePhase extends TrainingPhase {
  rule: SubnetRule;
}

/** The rule of the phase `step` falls in. */
export function subnetRuleAt(step: number, phases: readonly SubnetRulePhase[]): SubnetRule {
  return phaseAt(step, phases, 'SubTransformer sampling rule').rule;
}
