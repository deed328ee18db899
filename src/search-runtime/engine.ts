import {
  HatEvolution,
  HatSweep,
  Nsga2Search,
  type GenerationReport,
  type HatEvolutionCheckpoint,
  type HatSweepCheckpoint,
  type Nsga2Checkpoint,
  type SearchObjectives,
  type SweepReport,
} from '../core/search';
import { builtinSpace, type SearchSpace } from '../core/space';
import type { SearchSettings } from '../protocol/search';

/** Any of the three engines behind one shape: step, done, checkpoint. */
export interface RuntimeEngine {
  readonly done: boolean;
  init(): Promise<void>;
  step(): Promise<GenerationReport | SweepReport>;
  /** The engine's own checkpoint (plain JSON), tagged with the algorithm that wrote it. */
  checkpoint(): EngineCheckpoint;
}

export type EngineCheckpoint =
  | { algorithm: 'hat'; state: HatEvolutionCheckpoint }
  | { algorithm: 'sweep'; state: HatSweepCheckpoint }
  | { algorithm: 'nsga2'; state: Nsga2Checkpoint };

export function spaceOf(settings: SearchSettings): SearchSpace {
  const space = settings.spaceDefinition ?? builtinSpace(settings.space);
  if (!space) throw new RangeError(`unknown search space ${settings.space}`);
  return space;
}

/** Populations the whole run scores: iterations per budget for a sweep, iterations otherwise. */
export function totalGenerations(settings: SearchSettings): number {
  return settings.algorithm === 'sweep' ? settings.iterations * settings.budgetsMs.length : settings.iterations;
}

/**
 * NSGA-II breeds a population-sized brood each generation; the panel's mutation : crossover split becomes its
 * crossover fraction (HAT's 50 : 50 when both are zero).
 */
function crossoverFraction(settings: SearchSettings): number {
  const bred = settings.mutations + settings.crossovers;
  return bred > 0 ? settings.crossovers / bred : 0.5;
}

/** A fresh engine for the panel's settings. */
export function createEngine(settings: SearchSettings, objectives: SearchObjectives): RuntimeEngine {
  const space = spaceOf(settings);
  const { population, iterations, parents, mutations, crossovers, mutationProb, seed, budgetsMs } = settings;
  const latencyConfidence = settings.latencyConfidence ?? null;
  const evolution = { population, iterations, parents, mutations, crossovers, mutationProb, seed, latencyConfidence };
  switch (settings.algorithm) {
    case 'hat': {
      if (budgetsMs.length === 0) throw new RangeError('HAT search needs a latency budget');
      const engine = HatEvolution.create(space, objectives, { ...evolution, maxLatencyMs: budgetsMs[0]! });
      return wrap('hat', engine);
    }
    case 'sweep':
      return wrap('sweep', HatSweep.create(space, objectives, { ...evolution, budgetsMs: [...budgetsMs] }));
    case 'nsga2': {
      const engine = Nsga2Search.create(space, objectives, {
        population,
        generations: iterations,
        mutationProb,
        crossoverFraction: crossoverFraction(settings),
        seed,
        maxLatencyMs: budgetsMs[0] ?? null,
        latencyConfidence,
      });
      return wrap('nsga2', engine);
    }
  }
}

/** The engine a checkpoint was written by, restored exactly where it stopped. */
export function resumeEngine(
  settings: SearchSettings,
  checkpoint: EngineCheckpoint,
  objectives: SearchObjectives,
): RuntimeEngine {
  const space = spaceOf(settings);
  if (checkpoint.algorithm !== settings.algorithm) {
    throw new TypeError(`the checkpoint is of a ${checkpoint.algorithm} run, the settings say ${settings.algorithm}`);
  }
  switch (checkpoint.algorithm) {
    case 'hat':
      return wrap('hat', HatEvolution.resume(space, objectives, checkpoint.state));
    case 'sweep':
      return wrap('sweep', HatSweep.resume(space, objectives, checkpoint.state));
    case 'nsga2':
      return wrap('nsga2', Nsga2Search.resume(space, objectives, checkpoint.state));
  }
}

function wrap<A extends EngineCheckpoint['algorithm']>(
  algorithm: A,
  engine: {
    readonly done: boolean;
    init(): Promise<void>;
    step(): Promise<GenerationReport>;
    checkpoint(): Extract<EngineCheckpoint, { algorithm: A }>['state'];
  },
): RuntimeEngine {
  return {
    get done() {
      return engine.done;
    },
    init: () => engine.init(),
    step: () => engine.step(),
    checkpoint: () => ({ algorithm, state: engine.checkpoint() }) as EngineCheckpoint,
  };
}
