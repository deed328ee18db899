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

export const hatLatencyPath = (file: string): string =>
  fileURLToPath(new URL(`../../../public/hat-latency/${file}`, import.meta.url));

export const readHatLatency = (file: string): string => readFileSync(hatLatencyPath(file), 'utf8');
