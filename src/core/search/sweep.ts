import { checkKind } from './errors';
import type { SearchSpace } from '../space';
import { HatEvolution, type HatEvolutionState } from './hat-evolution';
import { SearchMemo, type SearchMemoState } from './memo';
import {
  checkEvolutionSettings,
  checkLatencyBudget,
  withDefaults,
  HAT_EVOLUTION_DEFAULTS,
  type EvolutionSettings,
} from './settings';
import type { EvaluatedPoint, GenerationReport, SearchEngine, SearchObjectives } from './types';

export interface SweepSettings extends EvolutionSettings {
  /** One constrained search per budget, in this order, ms. */
  budgetsMs: number[];
}

export interface BudgetResult {
  budgetMs: number;
  best: EvaluatedPoint;
}

export interface SweepReport extends GenerationReport {
  /** The budget of the search that just stepped, and its index in budgetsMs. */
  budgetMs: number;
  budgetIndex: number;
  /** The best config of every budget finished so far: HAT's accuracy-latency curve. */
  budgetResults: BudgetResult[];
}

export interface HatSweepCheckpoint {
  kind: 'hat-sweep';
  settings: SweepSettings;
  budgetIndex: number;
  /** The search of the current budget, once started. */
  current: HatEvolutionState | null;
  /** Genes of the best config of every finished budget. */
  bestGenes: number[][];
  memo: SearchMemoState;
}

/**
 * Derives the seed of budget `index` from the sweep's seed, so budgets draw independent streams and adding a
 * budget at the end leaves the earlier ones unchanged.
 */
export function budgetSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
}

/**
 * HAT builds its accuracy-latency curves by running the constrained search once per budget; this runs them one
 * after another in one run, with one memo, so a config validated under one budget is never validated again.
 */
export class HatSweep implements SearchEngine<HatSweepCheckpoint> {
  readonly settings: SweepSettings;
  private budgetIndex: number;
  private current: HatEvolution | null;
  private readonly bestGenes: number[][];

  private constructor(
    private readonly memo: SearchMemo,
    settings: SweepSettings,
    checkpoint?: HatSweepCheckpoint,
  ) {
    this.settings = settings;
    if (settings.budgetsMs.length === 0) throw new RangeError('a sweep needs at least one latency budget');
    settings.budgetsMs.forEach(checkLatencyBudget);
    checkEvolutionSettings(settings);
    this.budgetIndex = checkpoint?.budgetIndex ?? 0;
    this.bestGenes = checkpoint?.bestGenes.map((gene) => [...gene]) ?? [];
    this.current = checkpoint?.current ? new HatEvolution(memo, checkpoint.current.settings, checkpoint.current) : null;
  }

  static create(
    space: SearchSpace,
    objectives: SearchObjectives,
    settings: Partial<EvolutionSettings> & { budgetsMs: number[] },
  ): HatSweep {
    const full = withDefaults<SweepSettings>({ ...HAT_EVOLUTION_DEFAULTS, budgetsMs: [] }, settings);
    return new HatSweep(new SearchMemo(space, objectives), { ...full, budgetsMs: [...full.budgetsMs] });
  }

  static resume(space: SearchSpace, objectives: SearchObjectives, checkpoint: HatSweepCheckpoint): HatSweep {
    checkKind(checkpoint.kind, 'hat-sweep');
    return new HatSweep(new SearchMemo(space, objectives, checkpoint.memo), checkpoint.settings, checkpoint);
  }

  get done(): boolean {
    return this.budgetIndex >= this.settings.budgetsMs.length;
  }

  budgetResults(): BudgetResult[] {
    return this.bestGenes.map((gene, i) => ({ budgetMs: this.settings.budgetsMs[i]!, best: this.memo.pointOf(gene) }));
  }

  async init(): Promise<void> {
    await this.currentSearch()?.init();
  }

  async step(): Promise<SweepReport> {
    const search = this.currentSearch();
    if (!search) throw new Error('the sweep is finished');
    const report = await search.step();
    const budgetIndex = this.budgetIndex;
    if (search.done) {
      this.bestGenes.push([...report.best.gene]);
      this.budgetIndex += 1;
      this.current = null;
    }
    return {
      ...report,
      done: this.done,
      budgetMs: this.settings.budgetsMs[budgetIndex]!,
      budgetIndex,
      budgetResults: this.budgetResults(),
    };
  }

  checkpoint(): HatSweepCheckpoint {
    return {
      kind: 'hat-sweep',
      settings: { ...this.settings, budgetsMs: [...this.settings.budgetsMs] },
      budgetIndex: this.budgetIndex,
      current: this.current?.state() ?? null,
      bestGenes: this.bestGenes.map((gene) => [...gene]),
      memo: this.memo.toState(),
    };
  }

  private currentSearch(): HatEvolution | null {
    if (this.done) return null;
    if (!this.current) {
      const { budgetsMs, seed, ...evolution } = this.settings;
      this.current = new HatEvolution(this.memo, {
        ...evolution,
        seed: budgetSeed(seed, this.budgetIndex),
        maxLatencyMs: budgetsMs[this.budgetIndex]!,
      });
    }
    return this.current;
  }
}
