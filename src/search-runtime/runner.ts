import { configKey } from '../core/config';
import { decodeGene } from '../core/gene';
import { lossLatencyFront, type EvaluatedPoint, type GenerationReport, type SearchMemoState } from '../core/search';
import { zeroCounts } from '../core/search/memo';
import type { SweepReport } from '../core/search';
import type {
  SearchPointView,
  SearchReportMessage,
  SearchSettings,
  SearchStartRequest,
  SearchTiming,
} from '../protocol/search';
import {
  createEngine,
  resumeEngine,
  spaceOf,
  totalGenerations,
  type EngineCheckpoint,
  type RuntimeEngine,
} from './engine';
import {
  effectiveConfidence,
  predictorLatency,
  readPredictor,
  timedObjectives,
  zeroTiming,
  type ValidLossFn,
} from './objectives';
import type { SearchRunStore, StoredSearchRun } from './run-store';

export interface RunnerOptions {
  /** Where each generation's checkpoint goes; null keeps none (the CLI). */
  store: SearchRunStore | null;
  validLoss: ValidLossFn;
  /** Stops an in-flight validation batch, so cancel does not wait for a whole generation on a slow model. */
  cancelValidation?: () => void;
  /** Loads whatever validation needs (the SuperTransformer) before the first generation; reported as 'loading'. */
  prepare?: () => Promise<void>;
  onReport(report: SearchReportMessage): void;
  /** Monotonic milliseconds (performance.now by default); injected by tests. */
  now?: () => number;
  /** Wall-clock time for the saved record (new Date by default). */
  date?: () => Date;
}

/**
 * A run's objectives under the budget rule its predictor can keep (a confidence needs an interval; the rule says
 * when it fell back to the point prediction).
 */
function ruledObjectives(
  run: { predictorJson: string; settings: SearchSettings },
  options: RunnerOptions,
  timing: SearchTiming,
): { rule: ReturnType<typeof effectiveConfidence>; objectives: ReturnType<typeof timedObjectives> } {
  const predictor = readPredictor(run.predictorJson);
  const rule = effectiveConfidence(predictor, run.settings.latencyConfidence ?? null);
  const objectives = timedObjectives(
    predictorLatency(predictor, rule.confidence),
    options.validLoss,
    timing,
    options.now,
  );
  return { rule, objectives };
}

export const pointView = (point: EvaluatedPoint): SearchPointView => ({
  key: point.key,
  config: point.config,
  validLoss: point.validLoss,
  latencyMs: point.latencyMs,
  ...(point.latencyLowMs === undefined ? {} : { latencyLowMs: point.latencyLowMs, latencyHighMs: point.latencyHighMs }),
  ...(point.latencyUpperMs === undefined ? {} : { latencyUpperMs: point.latencyUpperMs }),
  generation: point.generation,
});

/** Configs a population-scoring round `g` (0-based across the run) validates at most: HAT breeds, then re-scores. */
function newConfigsAt(settings: SearchSettings, g: number): number {
  if (settings.algorithm === 'nsga2') return settings.population;
  return g % settings.iterations === 0 ? settings.population : settings.mutations + settings.crossovers;
}

/**
 * Remaining seconds: the validations still to come (the most each generation can need, scaled by the share of
 * bred configs that were new so far, since the memo skips repeats) at the validation rate so far, plus the
 * per-generation time outside validation. Null before the first generation.
 */
export function estimateEtaSeconds(
  settings: SearchSettings,
  scored: number,
  uniqueValidations: number,
  timing: SearchTiming,
): number | null {
  if (scored === 0) return null;
  const generations = totalGenerations(settings);
  let expectedSoFar = 0;
  for (let g = 0; g < scored; g++) expectedSoFar += newConfigsAt(settings, g);
  let expectedLeft = 0;
  for (let g = scored; g < generations; g++) expectedLeft += newConfigsAt(settings, g);
  const novelty = expectedSoFar > 0 ? uniqueValidations / expectedSoFar : 1;
  const msPerValidation = timing.validationMs / Math.max(1, uniqueValidations);
  const otherMsPerGeneration = Math.max(0, timing.totalMs - timing.validationMs) / scored;
  const ms = expectedLeft * novelty * msPerValidation + (generations - scored) * otherMsPerGeneration;
  return Math.max(0, ms / 1000);
}

function memoOf(checkpoint: EngineCheckpoint): SearchMemoState {
  return checkpoint.state.memo;
}

/**
 * Runs one search: steps the engine a generation at a time, reports after each, saves a checkpoint after each,
 * and honours pause, resume and cancel between generations. No DOM, React or worker API: the search worker
 * wraps it, the CLI runs it in Node, and tests drive it with fake objectives.
 */
export class SearchRunner {
  private status: SearchReportMessage['status'] = 'loading';
  private message: string | null = null;
  private pauseRequested = false;
  private cancelRequested = false;
  private wake: (() => void) | null = null;
  private last: SearchReportMessage;
  private readonly now: () => number;
  private readonly date: () => Date;

  private constructor(
    private readonly record: StoredSearchRun,
    private readonly engine: RuntimeEngine,
    private readonly timing: SearchTiming,
    private readonly options: RunnerOptions,
    /** Points of a resumed run, for the report sent before its next generation. */
    resumedPoints: EvaluatedPoint[],
    /** Said with every report that has nothing more pressing to say (the budget rule's fallback). */
    private readonly standingNotice: string | null = null,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.date = options.date ?? (() => new Date());
    const counts = record.checkpointJson ? memoOf(JSON.parse(record.checkpointJson)).counts : zeroCounts();
    this.last = {
      runId: record.runId,
      status: 'loading',
      message: null,
      generation: counts.scoredGenerations,
      generations: record.generations,
      points: resumedPoints.map(pointView),
      front: lossLatencyFront(resumedPoints).map(pointView),
      best: record.best,
      budgetMs: record.budgetMs,
      budgetResults: record.budgetResults,
      counts,
      timing: { ...timing },
      etaSeconds: estimateEtaSeconds(record.settings, counts.scoredGenerations, counts.uniqueValidations, timing),
    };
  }

  /** A new run; throws (before anything runs) on settings the engine refuses or an unreadable predictor. */
  static start(request: SearchStartRequest, options: RunnerOptions): SearchRunner {
    const timing = zeroTiming();
    const { rule, objectives } = ruledObjectives(request, options, timing);
    const engine = createEngine({ ...request.settings, latencyConfidence: rule.confidence }, objectives);
    const stamp = (options.date ?? (() => new Date()))().toISOString();
    const record: StoredSearchRun = {
      runId: request.runId,
      settings: request.settings,
      predictorId: request.predictorId,
      predictorJson: request.predictorJson,
      status: 'loading',
      checkpointJson: null,
      generation: 0,
      generations: totalGenerations(request.settings),
      best: null,
      budgetMs: request.settings.algorithm === 'nsga2' ? (request.settings.budgetsMs[0] ?? null) : null,
      budgetResults: [],
      timing,
      message: null,
      startedAt: stamp,
      savedAt: stamp,
    };
    return new SearchRunner(record, engine, timing, options, [], rule.notice);
  }

  /** A saved run, from its last checkpoint (the latest saved run when runId is null). */
  static async resume(runId: string | null, options: RunnerOptions & { store: SearchRunStore }): Promise<SearchRunner> {
    const record = runId ? await options.store.get(runId) : await options.store.latest();
    if (!record) throw new Error(runId ? `no saved search run ${runId}` : 'no saved search run in this browser');
    const timing = { ...record.timing };
    const { rule, objectives } = ruledObjectives(record, options, timing);
    const settings = { ...record.settings, latencyConfidence: rule.confidence };
    let engine: RuntimeEngine;
    let points: EvaluatedPoint[] = [];
    if (record.checkpointJson) {
      const checkpoint = JSON.parse(record.checkpointJson) as EngineCheckpoint;
      engine = resumeEngine(settings, checkpoint, objectives);
      const space = spaceOf(record.settings);
      points = memoOf(checkpoint).points.map(({ gene, ...saved }) => {
        const config = decodeGene(gene, space);
        return { key: configKey(config), gene, config, ...saved };
      });
    } else engine = createEngine(settings, objectives); // saved before its first generation ended
    return new SearchRunner({ ...record, timing }, engine, timing, options, points, rule.notice);
  }

  get runId(): string {
    return this.record.runId;
  }

  get settings(): SearchSettings {
    return this.record.settings;
  }

  get currentStatus(): SearchReportMessage['status'] {
    return this.status;
  }

  /** The last report sent. */
  get lastReport(): SearchReportMessage {
    return this.last;
  }

  /** Takes effect at the next generation boundary. */
  pause(): void {
    if (this.status === 'running' || this.status === 'loading') this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    this.wake?.();
  }

  /** Ends the run at the next boundary; an in-flight validation batch is cancelled so that comes soon. */
  cancel(): void {
    if (this.status === 'done' || this.status === 'cancelled' || this.status === 'error') return;
    this.cancelRequested = true;
    this.options.cancelValidation?.();
    this.wake?.();
  }

  /** Runs to the end (done, cancelled or error) and returns the final report; never rejects. */
  async run(): Promise<SearchReportMessage> {
    try {
      await this.publish('loading', this.options.prepare ? 'loading the SuperTransformer…' : null, false);
      await this.options.prepare?.();
      if (this.cancelRequested) return await this.publish('cancelled', null, true);
      await this.publish('running', null, false);
      while (!this.engine.done) {
        if (this.pauseRequested) {
          await this.publish('paused', null, true);
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            if (!this.pauseRequested || this.cancelRequested) resolve();
          });
          this.wake = null;
          if (!this.cancelRequested) await this.publish('running', null, true);
        }
        if (this.cancelRequested) return await this.publish('cancelled', null, true);
        const started = this.now();
        let report: GenerationReport | SweepReport;
        try {
          report = await this.engine.step();
        } finally {
          this.timing.totalMs += this.now() - started;
        }
        this.absorb(report);
        await this.publish(this.engine.done ? 'done' : 'running', null, true, true);
      }
      // A run resumed after its last generation has nothing left to step: it is done, not running.
      return this.status === 'done' ? this.last : await this.publish('done', null, true);
    } catch (error) {
      if (this.cancelRequested) return await this.publish('cancelled', null, true);
      return await this.publish('error', (error as Error).message ?? String(error), true).catch(() => this.last);
    }
  }

  private absorb(report: GenerationReport | SweepReport): void {
    const sweep = 'budgetIndex' in report ? report : null;
    const settings = this.record.settings;
    this.last = {
      ...this.last,
      generation: report.counts.scoredGenerations,
      points: report.points.map(pointView),
      front: report.front.map(pointView),
      best: pointView(report.best),
      budgetMs: sweep ? sweep.budgetMs : settings.algorithm === 'hat' ? settings.budgetsMs[0]! : this.last.budgetMs,
      budgetResults: sweep
        ? sweep.budgetResults.map(({ budgetMs, best }) => ({ budgetMs, best: pointView(best) }))
        : this.last.budgetResults,
      counts: report.counts,
    };
  }

  /**
   * Sets the status, saves the run (with a fresh engine checkpoint after a generation) and reports it. A failed
   * save does not stop the search: the run goes on, and the report says it will not survive a reload.
   */
  private async publish(
    status: SearchReportMessage['status'],
    message: string | null,
    save: boolean,
    withCheckpoint = false,
  ): Promise<SearchReportMessage> {
    this.status = status;
    this.message = message;
    const generations = this.record.generations;
    const timing = { ...this.timing };
    const { generation, counts } = this.last;
    const etaSeconds =
      status === 'done' ? 0 : estimateEtaSeconds(this.record.settings, generation, counts.uniqueValidations, timing);
    let notice = message ?? this.standingNotice;
    if (save && this.options.store) {
      if (withCheckpoint) this.record.checkpointJson = JSON.stringify(this.engine.checkpoint());
      Object.assign(this.record, {
        status,
        message,
        generation,
        best: this.last.best,
        budgetMs: this.last.budgetMs,
        budgetResults: this.last.budgetResults,
        timing,
        savedAt: this.date().toISOString(),
      });
      try {
        await this.options.store.put(this.record);
      } catch (error) {
        notice ??= `this run is not saved in the browser (${(error as Error).message}), so a reload cannot resume it`;
      }
    }
    this.last = { ...this.last, status, message: notice, generations, timing, etaSeconds };
    this.options.onReport(this.last);
    return this.last;
  }
}
