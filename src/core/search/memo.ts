import { configKey, type SubTransformerConfig } from '../config';
import { decodeGene, geneLayout, type Gene, type GeneLayout } from '../gene';
import type { SearchSpace } from '../space';
import { ObjectiveError } from './errors';
import { toEstimate, type LatencyEstimate } from './latency-rule';
import { lossLatencyFront } from './report';
import type { EvaluatedPoint, EvaluationCounts, SearchObjectives } from './types';

/**
 * configKey(decodeGene(gene)) without building the config: the memo computes a key for every candidate, and
 * decoding each one was most of the engine's own time.
 */
export function decodedGeneKey(gene: readonly number[], layout: GeneLayout): string {
  const encoderLayers = gene[layout.encoderLayerNum]!;
  const decoderLayers = gene[layout.decoderLayerNum]!;
  const used = (start: number, layers: number): string => gene.slice(start, start + layers).join('.');
  return [
    gene[layout.encoderEmbed],
    encoderLayers,
    used(layout.encoderFfn, encoderLayers),
    used(layout.encoderHeads, encoderLayers),
    gene[layout.decoderEmbed],
    decoderLayers,
    used(layout.decoderFfn, decoderLayers),
    used(layout.decoderSelfHeads, decoderLayers),
    used(layout.decoderCrossHeads, decoderLayers),
    used(layout.decoderArbitrary, decoderLayers),
  ].join('|');
}

/** A memo as plain JSON, for checkpoints. */
export interface SearchMemoState {
  spaceName: string;
  /** Predicted latency per config key, in first-prediction order (a number in checkpoints written before intervals). */
  latencyMs: [string, number | LatencyEstimate][];
  /** Validated points (the config is rebuilt from the gene on restore). */
  points: SavedPoint[];
  counts: EvaluationCounts;
}

export type SavedPoint = { gene: Gene; validLoss: number; generation: number } & Pick<
  EvaluatedPoint,
  'latencyMs' | 'latencyLowMs' | 'latencyHighMs' | 'latencyUpperMs'
>;

const estimateOf = (point: SavedPoint): LatencyEstimate => ({
  latencyMs: point.latencyMs,
  ...(point.latencyLowMs === undefined ? {} : { lowMs: point.latencyLowMs }),
  ...(point.latencyHighMs === undefined ? {} : { highMs: point.latencyHighMs }),
  ...(point.latencyUpperMs === undefined ? {} : { upperMs: point.latencyUpperMs }),
});

/** The point fields of an estimate (absent fields stay absent, so plain-number runs keep their old shape). */
export const latencyFields = (
  estimate: LatencyEstimate,
): Pick<SavedPoint, 'latencyMs' | 'latencyLowMs' | 'latencyHighMs' | 'latencyUpperMs'> => ({
  latencyMs: estimate.latencyMs,
  ...(estimate.lowMs === undefined ? {} : { latencyLowMs: estimate.lowMs }),
  ...(estimate.highMs === undefined ? {} : { latencyHighMs: estimate.highMs }),
  ...(estimate.upperMs === undefined ? {} : { latencyUpperMs: estimate.upperMs }),
});

export const zeroCounts = (): EvaluationCounts => ({
  scoredGenerations: 0,
  uniqueValidations: 0,
  naiveValidations: 0,
  uniqueLatencyPredictions: 0,
  naiveLatencyPredictions: 0,
  validLossCalls: 0,
  latencyCalls: 0,
});

function checkLength(name: string, values: unknown, expected: number): unknown[] {
  if (!Array.isArray(values) || values.length !== expected) {
    const got = Array.isArray(values) ? `${values.length} values` : typeof values;
    throw new ObjectiveError(`${name} returned ${got} for a batch of ${expected} configs`);
  }
  return values;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function checkBatch(name: string, values: unknown, expected: number): number[] {
  checkLength(name, values, expected).forEach((value, i) => {
    if (!finite(value)) throw new ObjectiveError(`${name} returned ${String(value)} for config ${i} of the batch`);
  });
  return values as number[];
}

/** Latencies: finite numbers, or estimates whose every given bound is finite. */
function checkLatencies(values: unknown, expected: number): LatencyEstimate[] {
  return checkLength('latencyMs', values, expected).map((value, i) => {
    const estimate = typeof value === 'object' && value !== null ? (value as LatencyEstimate) : undefined;
    const bounds = estimate ? [estimate.lowMs, estimate.highMs, estimate.upperMs].filter((b) => b !== undefined) : [];
    if (finite(value)) return toEstimate(value);
    if (estimate && finite(estimate.latencyMs) && bounds.every(finite)) return estimate;
    throw new ObjectiveError(`latencyMs returned ${JSON.stringify(value)} for config ${i} of the batch`);
  });
}

/**
 * Both objectives, memoised on the decoded config (genes that differ only in unused slots are one config),
 * so a run never predicts or validates the same SubTransformer twice. Uncached configs of a request go to
 * the objective in a single batch call. A sweep shares one memo between its budgets.
 */
export class SearchMemo {
  private readonly latencyByKey = new Map<string, LatencyEstimate>();
  private readonly pointByKey = new Map<string, EvaluatedPoint>();
  private readonly pointList: EvaluatedPoint[] = [];
  /** Kept up to date as points arrive: front(all) = front(old front + new points), far cheaper than a full pass. */
  private frontList: EvaluatedPoint[] = [];
  private readonly tally: EvaluationCounts;
  private readonly layout: GeneLayout;

  constructor(
    readonly space: SearchSpace,
    private readonly objectives: SearchObjectives,
    state?: SearchMemoState,
  ) {
    this.layout = geneLayout(space);
    this.tally = zeroCounts();
    if (!state) return;
    if (state.spaceName !== space.name) {
      throw new RangeError(`checkpoint is for space ${state.spaceName}, not ${space.name}`);
    }
    for (const [key, ms] of state.latencyMs) this.latencyByKey.set(key, toEstimate(ms));
    for (const saved of state.points) this.addPoint(saved.gene, saved.validLoss, estimateOf(saved), saved.generation);
    this.frontList = lossLatencyFront(this.pointList);
    Object.assign(this.tally, state.counts);
  }

  /** The memo key of a gene: the canonical key of the config it decodes to. */
  keyOf(gene: Gene): string {
    this.checkLength(gene);
    return decodedGeneKey(gene, this.layout);
  }

  decode(gene: Gene): SubTransformerConfig {
    this.checkLength(gene);
    return decodeGene(gene, this.space);
  }

  private checkLength(gene: Gene): void {
    if (gene.length !== this.layout.length) {
      throw new RangeError(
        `a gene of space ${this.space.name} has ${this.layout.length} positions, got ${gene.length}`,
      );
    }
  }

  /** Predicted latencies of `genes`, in order; only configs never predicted are sent, in one batch. */
  async latencies(genes: readonly Gene[]): Promise<LatencyEstimate[]> {
    const keys = genes.map((gene) => this.keyOf(gene));
    const missing = new Map<string, Gene>();
    keys.forEach((key, i) => {
      if (!this.latencyByKey.has(key) && !missing.has(key)) missing.set(key, genes[i] as Gene);
    });
    if (missing.size > 0) {
      const batch = [...missing.values()].map((gene) => this.decode(gene));
      this.tally.latencyCalls += 1;
      const values = checkLatencies(await this.objectives.latencyMs(batch), batch.length);
      [...missing.keys()].forEach((key, i) => this.latencyByKey.set(key, values[i]!));
      this.tally.uniqueLatencyPredictions += batch.length;
    }
    return keys.map((key) => this.latencyByKey.get(key)!);
  }

  /** Counts the candidates HAT's one-at-a-time rejection loop would have sent to its predictor. */
  recordNaiveLatencyPredictions(candidates: number): void {
    this.tally.naiveLatencyPredictions += candidates;
  }

  /**
   * The evaluated points of `genes` (one generation's population), in order: validation losses of configs never
   * validated go to the objective in one batch. Counts the population towards HAT's naive count, which re-scores
   * all of it, and counts one scored generation.
   */
  async evaluate(genes: readonly Gene[]): Promise<EvaluatedPoint[]> {
    const latencies = await this.latencies(genes);
    const keys = genes.map((gene) => this.keyOf(gene));
    const missing = new Map<string, { gene: Gene; latency: LatencyEstimate }>();
    genes.forEach((gene, i) => {
      const key = keys[i]!;
      if (!this.pointByKey.has(key) && !missing.has(key)) missing.set(key, { gene, latency: latencies[i]! });
    });
    if (missing.size > 0) {
      const pending = [...missing.values()];
      this.tally.validLossCalls += 1;
      const batch = pending.map(({ gene }) => this.decode(gene));
      const losses = checkBatch('validLoss', await this.objectives.validLoss(batch), batch.length);
      const generation = this.tally.scoredGenerations;
      pending.forEach(({ gene, latency }, i) => this.addPoint(gene, losses[i] as number, latency, generation));
      this.tally.uniqueValidations += pending.length;
      // New points come last, as in the full list, so ties keep the order a full pass would give them.
      this.frontList = lossLatencyFront([...this.frontList, ...this.pointList.slice(-pending.length)]);
    }
    this.tally.naiveValidations += genes.length;
    this.tally.scoredGenerations += 1;
    return keys.map((key) => this.pointByKey.get(key) as EvaluatedPoint);
  }

  /** The point of an already validated gene. */
  pointOf(gene: Gene): EvaluatedPoint {
    const point = this.pointByKey.get(this.keyOf(gene));
    if (!point) throw new RangeError('gene has not been validated');
    return point;
  }

  points(): readonly EvaluatedPoint[] {
    return this.pointList;
  }

  /** The (validation loss, latency) Pareto front of every validated point, by increasing latency. */
  front(): readonly EvaluatedPoint[] {
    return this.frontList;
  }

  counts(): EvaluationCounts {
    return { ...this.tally };
  }

  toState(): SearchMemoState {
    return {
      spaceName: this.space.name,
      latencyMs: [...this.latencyByKey.entries()],
      points: this.pointList.map((point) => ({
        gene: [...point.gene],
        validLoss: point.validLoss,
        ...latencyFields(estimateOf(point)),
        generation: point.generation,
      })),
      counts: this.counts(),
    };
  }

  private addPoint(gene: Gene, validLoss: number, latency: LatencyEstimate, generation: number): void {
    const config = this.decode(gene);
    const point: EvaluatedPoint = {
      key: configKey(config),
      gene: [...gene],
      config,
      validLoss,
      ...latencyFields(latency),
      generation,
    };
    this.pointByKey.set(point.key, point);
    this.pointList.push(point);
  }
}
