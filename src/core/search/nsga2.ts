import { checkKind } from './errors';
import { geneChoices, type Gene } from '../gene';
import { createRng, type Rng } from '../rng';
import type { SearchSpace } from '../space';
import { SearchMemo, type SearchMemoState } from './memo';
import { crossoverGenes, fillFeasible, mutateGene, pickDistinctPair, sampleGeneFrom } from './operators';
import { crowdingDistances, nonDominatedSort } from './pareto';
import { bestPoint, generationReport } from './report';
import { checkLatencyConfidence, type LatencyConfidence } from './latency-rule';
import { checkLatencyBudget, withDefaults } from './settings';
import type { GenerationReport, SearchEngine, SearchObjectives } from './types';

export interface Nsga2Settings {
  /** Population size; each generation breeds as many offspring. */
  population: number;
  /** Populations scored: the initial one, then one per round of offspring. */
  generations: number;
  /** HAT's mutation probability per gene position. */
  mutationProb: number;
  /** Share of offspring made by crossover (the rest by mutation); HAT breeds half of each. */
  crossoverFraction: number;
  seed: number;
  /** An optional latency cap, ms (null: the whole front); infeasible offspring are rejected as in HAT. */
  maxLatencyMs: number | null;
  maxCandidates: number;
  /** The cap's budget rule (latency-rule.ts): null checks the point prediction, c its upper bound. */
  latencyConfidence: LatencyConfidence;
}

export const NSGA2_DEFAULTS: Readonly<Nsga2Settings> = Object.freeze({
  population: 125,
  generations: 30,
  mutationProb: 0.3,
  crossoverFraction: 0.5,
  seed: 1,
  maxLatencyMs: null,
  maxCandidates: 200_000,
  latencyConfidence: null,
});

export interface Nsga2State {
  kind: 'nsga2';
  settings: Nsga2Settings;
  /** Populations scored so far. */
  generation: number;
  /** The current population (validated once generation > 0); empty before init. */
  population: Gene[];
  rngState: number[];
}

export interface Nsga2Checkpoint {
  state: Nsga2State;
  memo: SearchMemoState;
}

type Objectives = [number, number];

function checkSettings(settings: Nsga2Settings): void {
  const { population, generations, mutationProb, crossoverFraction, seed, maxLatencyMs, maxCandidates } = settings;
  if (!Number.isInteger(population) || population < 2) {
    throw new RangeError(`population must be an integer of at least 2, got ${population}`);
  }
  for (const [name, value] of Object.entries({ generations, maxCandidates })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  for (const [name, value] of Object.entries({ mutationProb, crossoverFraction })) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (maxLatencyMs !== null) checkLatencyBudget(maxLatencyMs);
  checkLatencyConfidence(settings.latencyConfidence);
}

/**
 * NSGA-II (Deb et al. 2002) over (predicted latency, validation loss), both minimised: fast non-dominated
 * sorting and crowding distance for survival, binary tournaments for mating, and HAT's own mutation and
 * crossover on genes. One run gives the whole front instead of one search per budget.
 */
export class Nsga2Search implements SearchEngine<Nsga2Checkpoint> {
  readonly settings: Nsga2Settings;
  private readonly rng: Rng;
  private readonly choices: number[][];
  private generation: number;
  private population: Gene[];

  private constructor(
    private readonly memo: SearchMemo,
    settings: Nsga2Settings,
    state?: Nsga2State,
  ) {
    // Defaults fill settings a checkpoint predates (latencyConfidence).
    this.settings = withDefaults(NSGA2_DEFAULTS, settings);
    checkSettings(this.settings);
    this.choices = geneChoices(memo.space);
    this.rng = createRng(this.settings.seed, state?.rngState);
    this.generation = state?.generation ?? 0;
    this.population = state?.population.map((gene) => [...gene]) ?? [];
  }

  static create(space: SearchSpace, objectives: SearchObjectives, settings: Partial<Nsga2Settings> = {}): Nsga2Search {
    return new Nsga2Search(new SearchMemo(space, objectives), withDefaults(NSGA2_DEFAULTS, settings));
  }

  static resume(space: SearchSpace, objectives: SearchObjectives, checkpoint: Nsga2Checkpoint): Nsga2Search {
    const { state, memo } = checkpoint;
    checkKind(state?.kind, 'nsga2');
    return new Nsga2Search(new SearchMemo(space, objectives, memo), state.settings, state);
  }

  get done(): boolean {
    return this.generation >= this.settings.generations;
  }

  async init(): Promise<void> {
    if (this.population.length > 0) return;
    this.population = await this.feasible(
      this.settings.population,
      () => sampleGeneFrom(this.choices, this.rng),
      'sampling the initial population',
    );
  }

  async step(): Promise<GenerationReport> {
    if (this.done) throw new Error('the search is finished');
    await this.init();
    if (this.generation === 0) await this.memo.evaluate(this.population);
    else {
      const offspring = await this.breed();
      await this.memo.evaluate(offspring);
      this.population = this.survivors([...this.population, ...offspring]);
    }
    this.generation += 1;
    const best = bestPoint(this.population.map((gene) => this.memo.pointOf(gene)))!;
    return generationReport(this.memo, this.generation - 1, this.settings.generations, best, this.done);
  }

  checkpoint(): Nsga2Checkpoint {
    return {
      state: {
        kind: 'nsga2',
        settings: { ...this.settings },
        generation: this.generation,
        population: this.population.map((gene) => [...gene]),
        rngState: this.rng.state(),
      },
      memo: this.memo.toState(),
    };
  }

  private objectives(gene: Gene): Objectives {
    const point = this.memo.pointOf(gene);
    return [point.latencyMs, point.validLoss];
  }

  private feasible(count: number, propose: () => Gene, stage: string): Promise<Gene[]> {
    const { maxLatencyMs, maxCandidates, latencyConfidence } = this.settings;
    // Without a cap there is nothing to check, so no rule needs an upper bound.
    const confidence = maxLatencyMs === null ? null : latencyConfidence;
    return fillFeasible(this.memo, {
      count,
      maxLatencyMs: maxLatencyMs ?? Infinity,
      confidence,
      maxCandidates,
      propose,
      stage,
    });
  }

  /** Offspring by binary tournament on (rank, crowding), half mutants and half crossovers by default. */
  private async breed(): Promise<Gene[]> {
    const parents = this.population;
    const points = parents.map((gene) => this.objectives(gene));
    const rank = new Array<number>(parents.length).fill(0);
    const crowding = new Array<number>(parents.length).fill(0);
    nonDominatedSort(points).forEach((front, r) => {
      const distances = crowdingDistances(points, front);
      front.forEach((i, slot) => {
        rank[i] = r;
        crowding[i] = distances[slot]!;
      });
    });
    const better = (a: number, b: number): number =>
      rank[a]! !== rank[b]!
        ? rank[a]! < rank[b]!
          ? a
          : b
        : crowding[a]! !== crowding[b]!
          ? crowding[a]! > crowding[b]!
            ? a
            : b
          : Math.min(a, b);
    // Binary tournament among the parents other than `exclude`, so a crossover's two parents are distinct.
    const tournament = (exclude?: number): number => {
      const pool = exclude === undefined ? parents.length : parents.length - 1;
      const index = (i: number): number => (exclude !== undefined && i >= exclude ? i + 1 : i);
      if (pool === 1) return index(0);
      const [a, b] = pickDistinctPair(pool, this.rng);
      return better(index(a), index(b));
    };
    const crossovers = Math.round(this.settings.population * this.settings.crossoverFraction);
    const mutants = await this.feasible(
      this.settings.population - crossovers,
      () => mutateGene(parents[tournament()]!, this.choices, this.settings.mutationProb, this.rng),
      'mutating',
    );
    const children = await this.feasible(
      crossovers,
      () => {
        const a = tournament();
        const b = tournament(a);
        return crossoverGenes(parents[a]!, parents[b]!, this.rng);
      },
      'crossing over',
    );
    return [...mutants, ...children];
  }

  /**
   * NSGA-II survival on parents + offspring, each config counted once (a copy adds nothing to a front and would
   * crowd out diversity); fronts fill the population in rank order, the last one by decreasing crowding distance.
   * A population with fewer distinct configs than its size is topped up by repeating the survivors.
   */
  private survivors(merged: readonly Gene[]): Gene[] {
    const seen = new Set<string>();
    const unique = merged.filter((gene) => {
      const key = this.memo.keyOf(gene);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const points = unique.map((gene) => this.objectives(gene));
    const size = this.settings.population;
    const next: Gene[] = [];
    for (const front of nonDominatedSort(points)) {
      if (next.length + front.length <= size) {
        front.forEach((i) => next.push(unique[i]!));
        continue;
      }
      const distances = crowdingDistances(points, front);
      const bySpread = [...front.keys()].sort((a, b) => distances[b]! - distances[a]! || front[a]! - front[b]!);
      bySpread.slice(0, size - next.length).forEach((slot) => next.push(unique[front[slot]!]!));
      break;
    }
    const distinct = next.length;
    for (let i = 0; next.length < size; i++) next.push(next[i % distinct]!);
    return next;
  }
}
