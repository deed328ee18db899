import { checkKind } from './errors';
import { geneChoices, type Gene } from '../gene';
import { createRng, type Rng } from '../rng';
import type { SearchSpace } from '../space';
import { SearchMemo, type SearchMemoState } from './memo';
import { crossoverGenes, fillFeasible, mutateGene, pickDistinctPair, sampleGeneFrom } from './operators';
import { generationReport } from './report';
import {
  checkEvolutionSettings,
  checkLatencyBudget,
  HAT_EVOLUTION_DEFAULTS,
  withDefaults,
  type EvolutionSettings,
} from './settings';
import type { EvaluatedPoint, GenerationReport, SearchEngine, SearchObjectives } from './types';

export interface HatSearchSettings extends EvolutionSettings {
  /** The latency constraint: a config is feasible when its predicted latency is at most this, ms. */
  maxLatencyMs: number;
}

/** The engine's own state, without the memo (a sweep checkpoints one memo for all its budgets). */
export interface HatEvolutionState {
  kind: 'hat-evolution';
  settings: HatSearchSettings;
  /** Populations scored so far. */
  generation: number;
  /** The population the next step scores (the last one scored once done); empty before init. */
  population: Gene[];
  bestGene: Gene | null;
  rngState: number[];
}

export interface HatEvolutionCheckpoint {
  state: HatEvolutionState;
  memo: SearchMemoState;
}

/**
 * HAT's constrained evolution (spec section 8), one generation per step: score the population, keep the best
 * `parents`, then breed `mutations` mutants and `crossovers` crossovers that meet the latency constraint.
 * The last population is not bred from: HAT would, but nothing it breeds is ever scored.
 */
export class HatEvolution implements SearchEngine<HatEvolutionCheckpoint> {
  readonly settings: HatSearchSettings;
  private readonly rng: Rng;
  private readonly choices: number[][];
  private generation: number;
  private population: Gene[];
  private bestGene: Gene | null;

  /** Use HatEvolution.create or .resume; this form lets a sweep share one memo between budgets. */
  constructor(
    private readonly memo: SearchMemo,
    settings: Partial<EvolutionSettings> & { maxLatencyMs: number },
    state?: HatEvolutionState,
  ) {
    this.settings = withDefaults<HatSearchSettings>(
      { ...HAT_EVOLUTION_DEFAULTS, maxLatencyMs: NaN },
      state?.settings ?? settings,
    );
    checkEvolutionSettings(this.settings);
    checkLatencyBudget(this.settings.maxLatencyMs);
    this.choices = geneChoices(memo.space);
    this.rng = createRng(this.settings.seed, state?.rngState);
    this.generation = state?.generation ?? 0;
    this.population = state?.population.map((gene) => [...gene]) ?? [];
    this.bestGene = state?.bestGene ? [...state.bestGene] : null;
  }

  static create(
    space: SearchSpace,
    objectives: SearchObjectives,
    settings: Partial<EvolutionSettings> & { maxLatencyMs: number },
  ): HatEvolution {
    return new HatEvolution(new SearchMemo(space, objectives), settings);
  }

  static resume(space: SearchSpace, objectives: SearchObjectives, checkpoint: HatEvolutionCheckpoint): HatEvolution {
    checkKind(checkpoint.state?.kind, 'hat-evolution');
    return new HatEvolution(
      new SearchMemo(space, objectives, checkpoint.memo),
      checkpoint.state.settings,
      checkpoint.state,
    );
  }

  get done(): boolean {
    return this.generation >= this.settings.iterations;
  }

  /** The best config of the last scored population, once a generation has run. */
  best(): EvaluatedPoint | undefined {
    return this.bestGene ? this.memo.pointOf(this.bestGene) : undefined;
  }

  async init(): Promise<void> {
    if (this.population.length > 0) return;
    const { population, maxLatencyMs, maxCandidates, latencyConfidence } = this.settings;
    this.population = await fillFeasible(this.memo, {
      count: population,
      maxLatencyMs,
      confidence: latencyConfidence,
      maxCandidates,
      propose: () => sampleGeneFrom(this.choices, this.rng),
      stage: 'sampling the initial population',
    });
  }

  async step(): Promise<GenerationReport> {
    if (this.done) throw new Error('the search is finished');
    await this.init();
    const scored = await this.memo.evaluate(this.population);
    // Lowest loss first, population order breaking ties (as a stable argsort does in HAT).
    const order = [...scored.keys()].sort((a, b) => scored[a]!.validLoss - scored[b]!.validLoss || a - b);
    const parents = order.slice(0, this.settings.parents).map((i) => this.population[i]!);
    this.bestGene = parents[0]!;
    this.generation += 1;
    if (!this.done) this.population = [...parents, ...(await this.breed(parents))];
    return generationReport(this.memo, this.generation - 1, this.settings.iterations, this.best()!, this.done);
  }

  checkpoint(): HatEvolutionCheckpoint {
    return { state: this.state(), memo: this.memo.toState() };
  }

  state(): HatEvolutionState {
    return {
      kind: 'hat-evolution',
      settings: { ...this.settings },
      generation: this.generation,
      population: this.population.map((gene) => [...gene]),
      bestGene: this.bestGene ? [...this.bestGene] : null,
      rngState: this.rng.state(),
    };
  }

  private async breed(parents: readonly Gene[]): Promise<Gene[]> {
    const { mutations, crossovers, mutationProb, maxLatencyMs, maxCandidates, latencyConfidence } = this.settings;
    const mutants = await fillFeasible(this.memo, {
      count: mutations,
      maxLatencyMs,
      confidence: latencyConfidence,
      maxCandidates,
      propose: () => mutateGene(this.rng.pick(parents), this.choices, mutationProb, this.rng),
      stage: 'mutating',
    });
    const children = await fillFeasible(this.memo, {
      count: crossovers,
      maxLatencyMs,
      confidence: latencyConfidence,
      maxCandidates,
      propose: () => {
        const [a, b] = pickDistinctPair(parents.length, this.rng);
        return crossoverGenes(parents[a]!, parents[b]!, this.rng);
      },
      stage: 'crossing over',
    });
    return [...mutants, ...children];
  }
}
