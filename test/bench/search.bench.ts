import { performance } from 'node:perf_hooks';
import { configKey, type SubTransformerConfig } from '../../src/core/config';
import { parseLatencyCsvText, totalLatencyMs } from '../../src/core/dataset';
import { configFeatures, type FeatureVector } from '../../src/core/features';
import { sampleConfig } from '../../src/core/gene';
import { countParams } from '../../src/core/model-stats';
import { createRng } from '../../src/core/rng';
import {
  HatEvolution,
  HatSweep,
  hypervolume2d,
  lossLatencyFront,
  Nsga2Search,
  runToEnd,
  type EvaluatedPoint,
  type GenerationReport,
  type SearchObjectives,
} from '../../src/core/search';
import { BUILTIN_SPACES } from '../../src/core/space';
import { hatLatencyPath, readHatLatency } from '../core/dataset/hat-latency-files';
import { printTable } from './harness';

const DATASET = 'wmt14ende_cpu_raspberrypi_all.csv';
const space = BUILTIN_SPACES['hat-wmt']!;

/** Solves A x = b (n×n, row-major) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/**
 * Least-squares latency (ms) as a linear function of HAT's ten features, fitted on HAT's Raspberry Pi
 * measurements. Features are z-scored and a tiny ridge keeps constant columns (encoder layers) solvable.
 */
function fitLinearLatency(): { predict: (features: FeatureVector) => number; rmseMs: number; rows: number } {
  const parsed = parseLatencyCsvText(readHatLatency(DATASET));
  if (!parsed.ok) throw new Error(`cannot read ${hatLatencyPath(DATASET)}`);
  const rows = parsed.rows;
  const width = 10;
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + r.features[j]!, 0) / rows.length);
  const std = mean.map(
    (mu, j) => Math.sqrt(rows.reduce((s, r) => s + (r.features[j]! - mu) ** 2, 0) / rows.length) || 1,
  );
  const z = (f: readonly number[]): number[] => [1, ...f.map((x, j) => (x - mean[j]!) / std[j]!)];
  const ata = Array.from({ length: width + 1 }, () => new Array<number>(width + 1).fill(0));
  const atb = new Array<number>(width + 1).fill(0);
  for (const row of rows) {
    const x = z(row.features);
    const y = totalLatencyMs(row);
    for (let i = 0; i <= width; i++) {
      atb[i]! += x[i]! * y;
      for (let j = 0; j <= width; j++) ata[i]![j]! += x[i]! * x[j]!;
    }
  }
  for (let i = 1; i <= width; i++) ata[i]![i]! += 1e-6 * rows.length;
  const weights = solve(ata, atb);
  const predict = (features: FeatureVector): number => z(features).reduce((s, x, i) => s + x * weights[i]!, 0);
  const rmseMs = Math.sqrt(rows.reduce((s, r) => s + (predict(r.features) - totalLatencyMs(r)) ** 2, 0) / rows.length);
  return { predict, rmseMs, rows: rows.length };
}

/** A deterministic value in [0, 1) per config (FNV-1a of its key): the noise of a real validation loss. */
function hashUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

/** Smoothly decreasing in parameters (a power law, as validation losses of Transformers are), with noise. */
const syntheticLoss = (config: SubTransformerConfig): number =>
  3.6 + 8 / Math.sqrt(countParams(config, space.qkvDim) / 1e6) + 0.03 * hashUnit(configKey(config));

interface TimedObjectives extends SearchObjectives {
  /** Milliseconds spent inside the objective functions. */
  insideMs: () => number;
}

function timedObjectives(latencyOf: (config: SubTransformerConfig) => number): TimedObjectives {
  let inside = 0;
  const timed =
    (f: (config: SubTransformerConfig) => number) =>
    async (configs: readonly SubTransformerConfig[]): Promise<number[]> => {
      const t0 = performance.now();
      const values = configs.map(f);
      inside += performance.now() - t0;
      return values;
    };
  return { latencyMs: timed(latencyOf), validLoss: timed(syntheticLoss), insideMs: () => inside };
}

const objectivePair = (p: EvaluatedPoint): [number, number] => [p.latencyMs, p.validLoss];
const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * HAT's search on synthetic but realistic objectives (linear Raspberry Pi latency, power-law loss): what the
 * memo saves against HAT's naive re-scoring, what the engine costs outside the objectives, and the hypervolume
 * NSGA-II reaches against a HAT-style budget sweep at equal numbers of validations.
 */
export async function benchSearch(): Promise<void> {
  const fit = fitLinearLatency();
  const latencyOf = (config: SubTransformerConfig): number => fit.predict(configFeatures(config));

  // The objective ranges over the space fix the budgets and the hypervolume's reference point.
  const rng = createRng(99);
  const sample = Array.from({ length: 20_000 }, () => sampleConfig(space, rng));
  const latencies = sample.map(latencyOf).sort((a, b) => a - b);
  const losses = sample.map(syntheticLoss);
  const quantile = (q: number): number => latencies[Math.floor(q * (latencies.length - 1))]!;
  const budgetsMs = [0.05, 0.2, 0.4, 0.6, 0.8].map((q) => Math.round(quantile(q)));
  const reference: [number, number] = [latencies[latencies.length - 1]!, Math.max(...losses)];
  const ideal: [number, number] = [latencies[0]!, Math.min(...losses)];
  const box = (reference[0] - ideal[0]) * (reference[1] - ideal[1]);
  const volume = (points: readonly EvaluatedPoint[]): number =>
    hypervolume2d(points.map(objectivePair), reference) / box;

  console.log(
    `\n## Search engine (hat-wmt, synthetic objectives)\n\nLatency: least squares on HAT's ten features over ${fit.rows} ` +
      `Raspberry Pi rows (RMSE ${fmt(fit.rmseMs)} ms); loss: 3.6 + 8/sqrt(params in M) + noise. ` +
      `Budgets (5/20/40/60/80 % latency quantiles): ${budgetsMs.join(', ')} ms.`,
  );

  // One HAT search at HAT's settings, under the middle budget.
  const single = timedObjectives(latencyOf);
  const t0 = performance.now();
  const hat = await runToEnd(HatEvolution.create(space, single, { maxLatencyMs: budgetsMs[2]!, seed: 1 }));
  const hatWallMs = performance.now() - t0;

  // HAT's curve (one search per budget, sharing the memo) against NSGA-II stopped at as many unique validations.
  const seeds = [1, 2, 3];
  const runs = [];
  for (const seed of seeds) {
    const sweepObjectives = timedObjectives(latencyOf);
    const t1 = performance.now();
    const sweep = await runToEnd(HatSweep.create(space, sweepObjectives, { budgetsMs, seed }));
    const sweepWallMs = performance.now() - t1;
    const nsgaObjectives = timedObjectives(latencyOf);
    const nsga = Nsga2Search.create(space, nsgaObjectives, { generations: 10_000, seed });
    const t2 = performance.now();
    let nsgaLast = await nsga.step();
    while (nsgaLast.counts.uniqueValidations < sweep.counts.uniqueValidations) nsgaLast = await nsga.step();
    const nsgaWallMs = performance.now() - t2;
    runs.push({ seed, sweep, sweepObjectives, sweepWallMs, nsgaLast, nsgaObjectives, nsgaWallMs });
  }
  const { sweep, sweepObjectives, sweepWallMs, nsgaLast, nsgaObjectives, nsgaWallMs } = runs[0]!;

  const savings = (run: string, report: GenerationReport, generations: number) => ({
    run,
    generations,
    'unique validations': fmt(report.counts.uniqueValidations),
    'HAT naive': fmt(report.counts.naiveValidations),
    saved: `${fmt(100 * (1 - report.counts.uniqueValidations / report.counts.naiveValidations), 1)} %`,
    'latency predictions unique / naive': `${fmt(report.counts.uniqueLatencyPredictions)} / ${fmt(report.counts.naiveLatencyPredictions)}`,
    'batch calls (loss / latency)': `${report.counts.validLossCalls} / ${report.counts.latencyCalls}`,
  });
  printTable('Validations: unique (memoised) against HAT’s naive re-scoring', [
    savings('HAT, one budget (125/25/50/50, 30 iterations)', hat, 30),
    savings('HAT sweep, 5 budgets', sweep, 150),
  ]);

  const overhead = (wallMs: number, objectives: TimedObjectives, generations: number) => ({
    'wall ms': fmt(wallMs),
    'inside objectives ms': fmt(objectives.insideMs()),
    'engine ms / generation': fmt((wallMs - objectives.insideMs()) / generations, 2),
  });
  const nsgaGenerations = nsgaLast.generation + 1;
  printTable('Engine overhead (time outside the objective functions)', [
    { run: 'HAT, one budget', generations: 30, ...overhead(hatWallMs, single, 30) },
    { run: 'HAT sweep, 5 budgets', generations: 150, ...overhead(sweepWallMs, sweepObjectives, 150) },
    { run: 'NSGA-II, 125', generations: nsgaGenerations, ...overhead(nsgaWallMs, nsgaObjectives, nsgaGenerations) },
  ]);

  printTable(
    'Hypervolume at equal unique validations (fraction of the objective box; reference = slowest, worst sampled)',
    [
      ...runs.map((run) => ({
        seed: run.seed,
        validations: `${fmt(run.sweep.counts.uniqueValidations)} / ${fmt(run.nsgaLast.counts.uniqueValidations)}`,
        'HAT sweep: 5 budget winners (HAT’s curve)': fmt(volume(run.sweep.budgetResults.map((r) => r.best)), 4),
        'HAT sweep: front of all it validated': fmt(volume(run.sweep.points), 4),
        'NSGA-II (125)': fmt(volume(run.nsgaLast.points), 4),
        'NSGA-II generations': run.nsgaLast.generation + 1,
        'front points sweep / NSGA-II': `${lossLatencyFront(run.sweep.points).length} / ${run.nsgaLast.front.length}`,
      })),
    ],
  );
}
