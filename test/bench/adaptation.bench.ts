import { totalLatencyMs, type LatencyRow } from '../../src/core/dataset';
import { adaptWith, chooseAdaptation, type AdaptMethod } from '../../src/core/latency/adapt';
import { adaptedInterval, fewShotSplit, shotsOf } from '../../src/core/latency/adapt-predictor';
import { fitLogCorrection } from '../../src/core/latency/adapt';
import { intervalMetrics } from '../../src/core/latency/cost-train';
import { fitLinear, predictLinear } from '../../src/core/latency/linear';
import { computeMetrics, type PredictorMetrics } from '../../src/core/latency/metrics';
import { predictLatencyBounds, predictLatencyMs, type LatencyPredictor } from '../../src/core/latency/predictor';
import { fineTuneLastLayer } from '../../src/latency-predictor/adapt';
import { fileURLToPath } from 'node:url';
import { trainCostPredictor } from '../../src/core/latency/cost-train';
import { datasetSha256 } from '../../src/core/latency/hash';
import { trainMlpPredictor } from '../../src/latency-predictor/train';
import { selectNodeTfBackend } from '../../src/tfjs/node-backend';
import { printTable } from './harness';
import { loadHatDataset } from './hat-datasets';

const SEED = 1;
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** Cross-hardware pairs in both directions, and the same GPU on another task. */
const PAIRS = [
  ['wmt14ende_cpu_xeon_all.csv', 'wmt14ende_cpu_raspberrypi_all.csv'],
  ['wmt14ende_cpu_raspberrypi_all.csv', 'wmt14ende_cpu_xeon_all.csv'],
  ['wmt14ende_cpu_xeon_all.csv', 'wmt14ende_gpu_titanxp_all.csv'],
  ['wmt14ende_gpu_titanxp_all.csv', 'wmt14ende_cpu_xeon_all.csv'],
  ['wmt14ende_gpu_titanxp_all.csv', 'wmt19ende_gpu_titanxp_all.csv'],
] as const;

const short = (file: string): string =>
  file
    .replace('_all.csv', '')
    .replace(/^wmt14ende_/, '')
    .replace(/^(\w+?)_gpu_titanxp$/, 'titanxp ($1)');

/**
 * Few-shot adaptation to a new device from k of its rows: the cost model's three methods and the leave-one-out
 * rule that picks one, next to the version-1 MLP's affine correction and last-layer fine-tuning and linear least
 * squares from scratch on the same k rows. MAPE on the new device's 200 test rows; the rule's 90 % interval too.
 */
export async function benchAdaptation(
  bases: Map<string, { cost: LatencyPredictor; mlp: LatencyPredictor }>,
  load: (file: string) => LatencyRow[],
): Promise<void> {
  const rows: Record<string, string>[] = [];
  const ruleVsBest: string[] = [];
  for (const [from, to] of PAIRS) {
    const base = bases.get(from)!;
    const target = load(to);
    for (const k of [10, 20, 50]) {
      const { shots, test } = fewShotSplit(target, k, SEED);
      const f = test.map((r) => r.features as number[]);
      const testMs = test.map(totalLatencyMs);
      const metrics = (p: Pick<LatencyPredictor, 'model' | 'correction'>): PredictorMetrics =>
        computeMetrics(predictLatencyMs(p, f), testMs);
      const shotSet = shotsOf(shots);
      const byMethod = Object.fromEntries(
        (['shift', 'affine', 'refit'] as AdaptMethod[]).map((m) => [m, metrics(adaptWith(base.cost, shotSet, m)).mape]),
      ) as Record<AdaptMethod, number>;
      const choice = chooseAdaptation(base.cost, shotSet);
      const interval = adaptedInterval(base.cost, choice.residuals, shotSet.features);
      const bounds = predictLatencyBounds({ ...choice.predictor, interval }, f)!;
      const coverage = intervalMetrics(bounds, testMs);
      const mlpAffine = metrics({
        model: base.mlp.model,
        correction: fitLogCorrection(base.mlp, shotSet.features, shots.map(totalLatencyMs), 'affine'),
      });
      const tuned = metrics(await fineTuneLastLayer(base.mlp, shots, SEED));
      const linear = computeMetrics(predictLinear(fitLinear(shotSet.features, shots.map(totalLatencyMs)), f), testMs);
      const best = (Object.keys(byMethod) as AdaptMethod[]).reduce((a, b) => (byMethod[b] < byMethod[a] ? b : a));
      ruleVsBest.push(`${choice.method === best ? 'same' : 'other'}`);
      rows.push({
        'base → new device': `${short(from)} → ${short(to)}`,
        k: String(k),
        'cost: shift': pct(byMethod.shift),
        'cost: affine': pct(byMethod.affine),
        'cost: refit': pct(byMethod.refit),
        'rule picks': `${choice.method} (${pct(byMethod[choice.method])})`,
        'its 90 % interval: in / ≤ upper': `${(coverage.coverage90 * 100).toFixed(1)} % / ${(coverage.belowUpper95 * 100).toFixed(1)} %`,
        'MLP: affine': pct(mlpAffine.mape),
        'MLP: fine-tuned last layer': pct(tuned.mape),
        'scratch linear': pct(linear.mape),
      });
    }
  }
  printTable(
    `Few-shot adaptation: MAPE on the new device's test split (200 rows), seed ${SEED}; the rule picks by leave-one-out on the k rows`,
    rows,
  );
  const same = ruleVsBest.filter((r) => r === 'same').length;
  console.log(`\nThe rule picked the method best on the test split in ${same} of ${ruleVsBest.length} cases.`);
}

/** Standalone: `npx tsx test/bench/adaptation.bench.ts` trains the bases it needs (seed 1) and prints the table. */
async function main(): Promise<void> {
  await selectNodeTfBackend();
  const bases = new Map<string, { cost: LatencyPredictor; mlp: LatencyPredictor }>();
  for (const file of new Set(PAIRS.map(([from]) => from))) {
    const rows = loadHatDataset(file);
    const common = { rows, seed: SEED, datasetName: file, device: file, datasetSha256: await datasetSha256(rows) };
    bases.set(file, { cost: trainCostPredictor(common).predictor, mlp: (await trainMlpPredictor(common)).predictor });
  }
  await benchAdaptation(bases, loadHatDataset);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
