export type { EvaluatedPoint, EvaluationCounts, GenerationReport, SearchEngine, SearchObjectives } from './types';
export { LatencyConstraintError, ObjectiveError } from './errors';
export { SearchMemo, decodedGeneKey, type SearchMemoState, type SavedPoint } from './memo';
export {
  checkLatencyConfidence,
  constrainedLatencyMs,
  describeLatencyRule,
  toEstimate,
  type LatencyConfidence,
  type LatencyEstimate,
} from './latency-rule';
export { dominates, paretoFront, nonDominatedSort, crowdingDistances, hypervolume2d, type Objectives2 } from './pareto';
export {
  sampleGeneFrom,
  mutateGene,
  crossoverGenes,
  pickDistinctPair,
  fillFeasible,
  type FeasibleRequest,
} from './operators';
export { HAT_EVOLUTION_DEFAULTS, hatProportions, type EvolutionSettings } from './settings';
export {
  HatEvolution,
  type HatSearchSettings,
  type HatEvolutionState,
  type HatEvolutionCheckpoint,
} from './hat-evolution';
export {
  HatSweep,
  budgetSeed,
  type SweepSettings,
  type SweepReport,
  type BudgetResult,
  type HatSweepCheckpoint,
} from './sweep';
export { Nsga2Search, NSGA2_DEFAULTS, type Nsga2Settings, type Nsga2State, type Nsga2Checkpoint } from './nsga2';
export { lossLatencyFront, bestPoint } from './report';
export { runSearch, runToEnd } from './run';
