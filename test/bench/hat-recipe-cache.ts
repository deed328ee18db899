import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LatencyRow } from '../../src/core/dataset';
import { deviceFromFileName } from '../../src/core/latency/device';
import type { PredictorMetrics } from '../../src/core/latency/metrics';
import { hatLatencyDivisor, trainHatRecipe } from '../../src/latency-predictor/hat-recipe';

export const HAT_STEPS = 5000;

/**
 * HAT's recipe takes 2-4 minutes per dataset on one core here (5000 steps of a 10→400×4→1 MLP), too long to rerun
 * in every bench. Its results are kept, keyed by dataset hash, seed and steps, in this file, which is written only by
 * really running it: `npm run bench -- --fresh-hat` reruns them all; a missing key is run and stored.
 */
const HAT_CACHE = fileURLToPath(new URL('./hat-recipe-results.json', import.meta.url));

export interface HatCacheEntry {
  file: string;
  seed: number;
  steps: number;
  datasetSha256: string;
  measuredAt: string;
  trainingMs: number;
  test: PredictorMetrics;
}

export async function hatRecipeMetrics(
  file: string,
  rows: readonly LatencyRow[],
  sha: string,
  seed: number,
): Promise<HatCacheEntry & { cached: boolean }> {
  const cache: Record<string, HatCacheEntry> = existsSync(HAT_CACHE) ? JSON.parse(readFileSync(HAT_CACHE, 'utf8')) : {};
  const key = `${sha}:${seed}:${HAT_STEPS}`;
  const hit = cache[key];
  if (hit && !process.argv.includes('--fresh-hat')) return { ...hit, cached: true };
  const divisor = hatLatencyDivisor(deviceFromFileName(file));
  if (divisor === undefined) throw new Error(`no HAT latency divisor for ${file}`);
  const result = await trainHatRecipe(rows, seed, divisor, HAT_STEPS);
  const entry = {
    file,
    seed,
    steps: HAT_STEPS,
    datasetSha256: sha,
    measuredAt: new Date().toISOString(),
    trainingMs: result.trainingMs,
    test: result.test,
  };
  cache[key] = entry;
  writeFileSync(HAT_CACHE, `${JSON.stringify(cache, null, 2)}\n`);
  return { ...entry, cached: false };
}
