import type { SubTransformerConfig } from '../config';
import type { Gene } from '../gene';
import type { LatencyEstimate } from './latency-rule';

/**
 * Batch objectives, injected so the same engine runs against synthetic functions in tests and against the
 * predictor and validation workers in the app. Each returns one value per config, in order.
 */
export interface SearchObjectives {
  /**
   * Predicted latency of each config, milliseconds: a number, or an estimate with its interval and the upper bound
   * a confidence rule checks (latency-rule.ts).
   */
  latencyMs(configs: readonly SubTransformerConfig[]): Promise<(number | LatencyEstimate)[]>;
  /** Validation loss of each config with inherited weights (the fitness; lower is better). */
  validLoss(configs: readonly SubTransformerConfig[]): Promise<number[]>;
}

/** A validated config: the first gene that produced it and both objectives. */
export interface EvaluatedPoint {
  /** configKey of the decoded config: genes differing only in unused slots share it. */
  key: string;
  gene: Gene;
  config: SubTransformerConfig;
  validLoss: number;
  /** The point prediction (the front's latency axis). */
  latencyMs: number;
  /** The 90 % interval and the upper bound at the run's confidence, when the predictor has an interval. */
  latencyLowMs?: number;
  latencyHighMs?: number;
  latencyUpperMs?: number;
  /** The run's population-scoring round (0-based, counted across a sweep's budgets) that first validated it. */
  generation: number;
}

export interface EvaluationCounts {
  /** Populations scored so far in the run (across all budgets of a sweep). */
  scoredGenerations: number;
  /** Configs whose validation loss was computed: each at most once per run. */
  uniqueValidations: number;
  /** Validations HAT's procedure does: it re-scores the whole population, parents included, every iteration. */
  naiveValidations: number;
  /** Configs whose latency was predicted. */
  uniqueLatencyPredictions: number;
  /** Latency predictions HAT's procedure does: one per candidate until enough children are feasible. */
  naiveLatencyPredictions: number;
  /** Batch calls made to each objective. */
  validLossCalls: number;
  latencyCalls: number;
}

/** What an engine reports after each generation; plain data, so a worker can post it as it is. */
export interface GenerationReport {
  /** Index of the generation just scored, from 0 (within the current budget for a sweep). */
  generation: number;
  /** Generations per run (per budget for a sweep). */
  generations: number;
  /** Every config validated so far in the run, in the order they were first validated. */
  points: readonly EvaluatedPoint[];
  /** The (validation loss, latency) Pareto front of `points`, by increasing latency. */
  front: EvaluatedPoint[];
  /** The lowest-loss config of the current population that meets the latency constraint. */
  best: EvaluatedPoint;
  counts: EvaluationCounts;
  /** True when the run has nothing left to do. */
  done: boolean;
}

/** The step-wise shape every engine has, so a worker can pause, resume or cancel between generations. */
export interface SearchEngine<Checkpoint> {
  readonly done: boolean;
  /** Samples the initial population; does nothing when already initialised or resumed. */
  init(): Promise<void>;
  /** Runs one generation (calling init first if needed) and reports it. */
  step(): Promise<GenerationReport>;
  /** The full state as plain JSON; resuming from it gives exactly the result of an uninterrupted run. */
  checkpoint(): Checkpoint;
}
