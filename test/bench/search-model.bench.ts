import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { configKey, type SubTransformerConfig } from '../../src/core/config';
import { parseLatencyCsvText } from '../../src/core/dataset';
import { datasetSha256 } from '../../src/core/latency/hash';
import { deviceFromFileName } from '../../src/core/latency/device';
import { predictorToJson } from '../../src/core/latency/json';
import type { LatencyPredictor } from '../../src/core/latency/predictor';
import { hatProportions, hypervolume2d } from '../../src/core/search';
import type { AccuracyModel } from '../../src/model/accuracy-model';
import { trainLatencyPredictor } from '../../src/model/latency-train';
import { selectNodeTfBackend } from '../../src/model/latency-tf-node';
import { accuracyModelFromAssets } from '../../src/model/validation-service';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import { predictedLatencyRange } from '../../src/app/search-budgets';
import type { SearchPointView, SearchReportMessage, SearchSettings } from '../../src/protocol/search';
import { SearchRunner } from '../../src/search-runtime/runner';
import { printTable } from './harness';

const PI_FILE = 'wmt14ende_cpu_raspberrypi_all.csv';
const PI_PATH = new URL(`../../../shared/hat-latency/${PI_FILE}`, import.meta.url);
const SPACE = 'hat-wmt';
/** Validation pairs the hypervolume runs score on: a tenth of the subset, so two extra searches stay affordable. */
const HV_VALID_PAIRS = 64;

const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (part: number, whole: number): string => `${fmt((100 * part) / whole, 1)} %`;

/** The predictor the app would train on the Raspberry Pi CSV (same trainer, seed 1), read in place. */
async function raspberryPiPredictor(): Promise<{ predictor: LatencyPredictor; trainingMs: number }> {
  const parsed = parseLatencyCsvText(readFileSync(PI_PATH, 'utf8'));
  if (!parsed.ok) throw new Error(`cannot read ${PI_PATH.pathname}`);
  await selectNodeTfBackend('wasm');
  const t0 = performance.now();
  const { predictor } = await trainLatencyPredictor({
    rows: parsed.rows,
    seed: 1,
    datasetName: PI_FILE,
    device: deviceFromFileName(PI_FILE),
    datasetSha256: await datasetSha256(parsed.rows),
  });
  return { predictor, trainingMs: performance.now() - t0 };
}

/**
 * Validation through the shipped model, one config at a time (as the worker does). `cache` lets the hypervolume
 * runs share losses of configs both happen to draw: it saves wall time only, since each engine still counts its
 * own unique validations.
 */
function modelValidLoss(model: AccuracyModel, cache?: Map<string, number>) {
  return async (configs: readonly SubTransformerConfig[]): Promise<number[]> => {
    const losses: number[] = [];
    for (const config of configs) {
      const key = configKey(config);
      const hit = cache?.get(key);
      const loss = hit ?? (await model.validate(config)).validLoss;
      cache?.set(key, loss);
      losses.push(loss);
    }
    return losses;
  };
}

async function run(
  settings: SearchSettings,
  predictorJson: string,
  validLoss: (configs: readonly SubTransformerConfig[]) => Promise<number[]>,
  stopAtValidations = Infinity,
): Promise<{ final: SearchReportMessage; wallMs: number }> {
  let runner: SearchRunner | null = null;
  runner = SearchRunner.start(
    { runId: 'bench', settings, predictorId: 'bench', predictorJson },
    {
      store: null,
      validLoss,
      onReport: (report) => {
        // NSGA-II is stopped once it has validated as many configs as the sweep it is compared with.
        if (report.counts.uniqueValidations >= stopAtValidations) runner?.cancel();
      },
    },
  );
  const t0 = performance.now();
  const final = await runner.run();
  if (final.status !== 'done' && final.status !== 'cancelled') throw new Error(`search failed: ${final.message}`);
  return { final, wallMs: performance.now() - t0 };
}

/**
 * HAT's search on the shipped SuperTransformer (tf.js WASM, one thread) and a predictor trained on HAT's Raspberry Pi
 * measurements: where the time goes, validations saved against HAT's re-scoring, and NSGA-II's hypervolume against a
 * HAT-style budget sweep at equal numbers of validations.
 */
export async function benchSearchOnModel(): Promise<void> {
  const { predictor, trainingMs } = await raspberryPiPredictor();
  const predictorJson = predictorToJson(predictor);
  const range = predictedLatencyRange(predictor, SPACE)!;

  const t0 = performance.now();
  const assets = await readShippedAssets(DEFAULT_MODEL_DIR);
  const full = accuracyModelFromAssets(assets).model;
  const loadMs = performance.now() - t0;
  console.log(
    `\n## Search on the shipped SuperTransformer (${SPACE}, Raspberry Pi predictor)\n\n` +
      `Predictor trained on ${PI_FILE} in ${fmt(trainingMs / 1000, 1)} s; this space predicts ` +
      `${fmt(range.minMs)}–${fmt(range.maxMs)} ms (median ${fmt(range.medianMs)}). Model loaded in ${fmt(loadMs)} ms; ` +
      `validation set ${full.validTokens} target tokens.`,
  );

  const budgetMs = Math.round(range.medianMs);
  const settings: SearchSettings = {
    space: SPACE,
    profileId: null,
    algorithm: 'hat',
    budgetsMs: [budgetMs],
    ...hatProportions(20),
    iterations: 3,
    mutationProb: 0.3,
    seed: 1,
  };
  const { final, wallMs } = await run(settings, predictorJson, modelValidLoss(full));
  full.dispose();
  const { validationMs, predictionMs } = final.timing;
  const other = wallMs - validationMs - predictionMs;
  printTable(`Where a HAT search's time goes (population 20, 3 iterations, budget ${budgetMs} ms)`, [
    {
      'wall s': fmt(wallMs / 1000, 1),
      validation: `${fmt(validationMs / 1000, 1)} s (${pct(validationMs, wallMs)})`,
      'latency prediction': `${fmt(predictionMs)} ms (${pct(predictionMs, wallMs)})`,
      'everything else': `${fmt(other)} ms (${pct(other, wallMs)})`,
      'ms per validation': fmt(validationMs / final.counts.uniqueValidations),
      'unique validations': final.counts.uniqueValidations,
      'HAT naive': final.counts.naiveValidations,
      saved: pct(final.counts.naiveValidations - final.counts.uniqueValidations, final.counts.naiveValidations),
      'best loss @ latency': `${fmt(final.best!.validLoss, 3)} @ ${fmt(final.best!.latencyMs)} ms`,
    },
  ]);

  // NSGA-II against HAT's curve, on a tenth of the validation pairs so both fit in a bench run.
  const small = accuracyModelFromAssets(assets, HV_VALID_PAIRS).model;
  const cache = new Map<string, number>();
  const budgets = [range.q25Ms, range.medianMs, range.q75Ms].map((ms) => Math.round(ms));
  const sizes = { ...hatProportions(6), iterations: 2, mutationProb: 0.3, seed: 1 };
  const sweep = await run(
    { ...settings, ...sizes, algorithm: 'sweep', budgetsMs: budgets },
    predictorJson,
    modelValidLoss(small, cache),
  );
  const nsga = await run(
    { ...settings, ...sizes, algorithm: 'nsga2', budgetsMs: [], iterations: 1000 },
    predictorJson,
    modelValidLoss(small, cache),
    sweep.final.counts.uniqueValidations,
  );
  small.dispose();
  const all = [...sweep.final.points, ...nsga.final.points];
  const worstLoss = Math.max(...all.map((p) => p.validLoss));
  const bestLoss = Math.min(...all.map((p) => p.validLoss));
  const reference: [number, number] = [range.maxMs, worstLoss];
  const box = (range.maxMs - range.minMs) * (worstLoss - bestLoss);
  const volume = (points: readonly SearchPointView[]): string =>
    fmt(
      hypervolume2d(
        points.map((p): [number, number] => [p.latencyMs, p.validLoss]),
        reference,
      ) / box,
      4,
    );
  printTable(
    `Hypervolume at equal unique validations (${HV_VALID_PAIRS} validation pairs; fraction of the box from the ` +
      'fastest sampled latency and best loss seen to the slowest sampled latency and worst loss seen)',
    [
      {
        run: `HAT sweep, budgets ${budgets.join(' / ')} ms, population 6, 2 iterations each`,
        validations: sweep.final.counts.uniqueValidations,
        'hypervolume, budget winners (HAT’s curve)': volume(sweep.final.budgetResults.map((r) => r.best)),
        'hypervolume, front of all validated': volume(sweep.final.points),
        'front points': sweep.final.front.length,
        'wall s': fmt(sweep.wallMs / 1000, 1),
      },
      {
        run: `NSGA-II, population 6, ${nsga.final.generation} generations`,
        validations: nsga.final.counts.uniqueValidations,
        'hypervolume, budget winners (HAT’s curve)': '–',
        'hypervolume, front of all validated': volume(nsga.final.points),
        'front points': nsga.final.front.length,
        'wall s': fmt(nsga.wallMs / 1000, 1),
      },
    ],
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchSearchOnModel();
