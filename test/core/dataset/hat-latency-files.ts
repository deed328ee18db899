import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** HAT's real latency datasets, vendored in public/hat-latency (MIT; provenance in its LICENSE.md). */
export const HAT_LATENCY_FILES = [
  'wmt14ende_cpu_raspberrypi_all.csv',
  'wmt14ende_cpu_xeon_all.csv',
  'wmt14ende_gpu_titanxp_all.csv',
  'wmt19ende_gpu_titanxp_all.csv',
  'iwslt14deen_gpu_titanxp_all.csv',
] as const;

/**
 * HAT's WMT'14 En-Fr datasets, test fixtures only (test/fixtures/hat-latency-enfr, MIT): 12 of HAT's 44 published
 * models are En-Fr, and the benchmark of published models needs a predictor for each.
 */
export const HAT_ENFR_LATENCY_FILES = [
  'wmt14enfr_cpu_raspberrypi_all.csv',
  'wmt14enfr_cpu_xeon_all.csv',
  'wmt14enfr_gpu_titanxp_all.csv',
] as const;

export const hatLatencyPath = (file: string): string =>
  fileURLToPath(
    new URL(
      (HAT_ENFR_LATENCY_FILES as readonly string[]).includes(file)
        ? `../../fixtures/hat-latency-enfr/${file}`
        : `../../../public/hat-latency/${file}`,
      import.meta.url,
    ),
  );

export const readHatLatency = (file: string): string => readFileSync(hatLatencyPath(file), 'utf8');
