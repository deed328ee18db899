import type { SubTransformerConfig } from '../core/config';
import type { EvaluationCounts } from '../core/search/types';
import type { HatModelRef, ValidationLoadOptions } from './validation';
import type { SearchSpace } from '../core/space';

export type SearchAlgorithm = 'hat' | 'sweep' | 'nsga2';

/** What the Search panel sets; the same object is checkpointed with the run so a reload resumes it as it was. */
export interface SearchSettings {
  /** A built-in space name (src/core/space.ts), or the name of `spaceDefinition`. */
  space: string;
  /** A space that is not built in: an imported HAT checkpoint's own (its `*-choice` args). */
  spaceDefinition?: SearchSpace;
  /** The imported HAT SuperTransformer that scores the configs; absent: the shipped demo SuperTransformer. */
  accuracyModel?: HatModelRef;
  /** The latency profile whose predictor is the constraint; null until the user picks one. */
  profileId: string | null;
  algorithm: SearchAlgorithm;
  /**
   * Latency budgets, ms. 'hat' uses the first; 'sweep' runs one constrained search per budget; 'nsga2' uses the
   * first as an optional cap (an empty list searches the whole front).
   */
  budgetsMs: number[];
  population: number;
  /** Generations per search (per budget for a sweep). */
  iterations: number;
  parents: number;
  mutations: number;
  crossovers: number;
  mutationProb: number;
  seed: number;
  /**
   * The budget rule: null checks the point prediction (HAT's rule); c in [0.5, 1) checks the upper bound of
   * confidence c (the config meets the budget with probability c). Absent in runs saved before it existed: null.
   */
  latencyConfidence?: number | null;
}

/** One validated config as the UI sees it (the engine's EvaluatedPoint without its gene). */
export interface SearchPointView {
  key: string;
  config: SubTransformerConfig;
  validLoss: number;
  /** HAT's own valid_loss (label-smoothed, base 2), when an imported HAT model scored the config in this session. */
  hatLoss?: number;
  latencyMs: number;
  /** The predictor's 90 % interval, and the upper bound the run's confidence rule checked (when it has one). */
  latencyLowMs?: number;
  latencyHighMs?: number;
  latencyUpperMs?: number;
  /** The scoring round (0-based, counted across a sweep's budgets) that first validated it. */
  generation: number;
}

/** Where the run's wall time went so far, ms (the bench's breakdown, live). */
export interface SearchTiming {
  validationMs: number;
  predictionMs: number;
  /** Wall time spent inside engine steps, validation and prediction included. */
  totalMs: number;
}

/** The best config of each finished budget of a sweep: HAT's accuracy-latency curve. */
export interface SearchBudgetResultView {
  budgetMs: number;
  best: SearchPointView;
}

/** Posted by the search worker after each generation (and on every status change). Plain data. */
export interface SearchReportMessage {
  runId: string;
  status: 'loading' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';
  /** Human-readable reason for 'error' (LatencyConstraintError names the smallest latency seen), or a notice. */
  message: string | null;
  /** Populations scored so far, counted across a sweep's budgets. */
  generation: number;
  /** Populations the whole run scores (iterations × budgets for a sweep). */
  generations: number;
  /** Every config validated so far in the run, in the order first validated. */
  points: SearchPointView[];
  /** The (validation loss, latency) front of `points`, by increasing latency. */
  front: SearchPointView[];
  /** The lowest-loss feasible config of the last scored population. */
  best: SearchPointView | null;
  /** The budget of the search that last stepped (null for an uncapped NSGA-II). */
  budgetMs: number | null;
  budgetResults: SearchBudgetResultView[];
  counts: EvaluationCounts;
  timing: SearchTiming;
  /** Remaining wall time estimated from the validation rate so far; null before the first generation. */
  etaSeconds: number | null;
}

/** Configs validated so far within the generation now running (the progress bar moves between reports). */
export interface SearchGenerationProgress {
  runId: string;
  done: number;
  total: number;
}

export interface SearchStartRequest {
  /** Unique per run; the checkpoint's key in IndexedDB. */
  runId: string;
  settings: SearchSettings;
  predictorId: string;
  /** The predictor file's JSON text (src/core/latency/json.ts); checkpointed with the run, so resume needs no profile. */
  predictorJson: string;
}

/** A run saved in IndexedDB that a reload can resume. */
export interface SavedSearchRun {
  runId: string;
  settings: SearchSettings;
  predictorId: string;
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'error';
  generation: number;
  generations: number;
  savedAt: string;
}

export interface SearchCallbacks {
  onReport(report: SearchReportMessage): void;
  onProgress?(progress: SearchGenerationProgress): void;
}

/**
 * What workers/search.worker.ts exposes over comlink. `callbacks` must be wrapped in comlink's proxy() by the
 * caller. start and resumeSaved resolve with the final report once the run ends (done, cancelled or error).
 */
export interface SearchWorkerApi {
  /**
   * The validation workers' ports (the other ends went to ValidationWorkerApi.connectPort), validated on as one
   * pool, and how they should load the SuperTransformer; call before start (again to replace them between runs).
   */
  connectValidation(ports: MessagePort[], load: ValidationLoadOptions): void;
  /**
   * How many of the validation workers may take work from the next config on (0 holds validation until raised): the
   * page lowers it while device measurement needs their cores.
   */
  setValidationWorkers(workers: number): void;
  start(request: SearchStartRequest, callbacks: SearchCallbacks): Promise<SearchReportMessage>;
  /** The most recent saved run, if any. */
  latestSaved(): Promise<SavedSearchRun | null>;
  /** Resumes a saved run from its last checkpoint (the latest one when runId is omitted). */
  resumeSaved(runId: string | null, callbacks: SearchCallbacks): Promise<SearchReportMessage>;
  /** Takes effect between generations. */
  pause(): void;
  resume(): void;
  /** Stops after the generation running now (its validation is cancelled too, so it ends promptly). */
  cancel(): void;
}
