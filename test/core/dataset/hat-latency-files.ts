import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HAT_BUILTIN_DATASETS } from '../../../src/core/latency/hat-datasets';

/** HAT's real latency datasets, vendored in public/hat-latency (MIT; provenance in its LICENSE.md). */
export const HAT_LATENCY_FILES = HAT_BUILTIN_DATASETS.map((d) => d.fileName);

/** A file of the repository's public/ folder, the folder the app serves. */
export const publicPath = (path: string): string => fileURLToPath(new URL(`../../../public/${path}`, import.meta.url));

/**
 * HAT's WMT'14 En-Fr datasets, test fixtures only (test/fixtures/hat-latency, MIT): 12 of HAT's 44 published models
 * are En-Fr, and the benchmark of published models needs a predictor for each.
 */
export const HAT_ENFR_LATENCY_FILES = [
  'wmt14enfr_cpu_raspberrypi_all.csv',
  'wmt14enfr_cpu_xeon_all.csv',
  'wmt14enfr_gpu_titanxp_all.csv',
] as const;

export const hatLatencyPath = (file: string): string =>
  (HAT_ENFR_LATENCY_FILES as readonly string[]).includes(file)
    ? fileURLToPath(new URL(`../../fixtures/hat-latency/${file}`, import.meta.url))
    : publicPath(`hat-latency/${file}`);

export const readHatLatency = (file: string): string => readFileSync(hatLatencyPath(file), 'utf8');
