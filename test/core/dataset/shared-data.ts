import { readFileSync } from 'node:fs';

/** HAT's real latency datasets, read in place from ../shared (never copied into the repo). */
export const HAT_LATENCY_FILES = [
  'wmt14ende_cpu_raspberrypi_all.csv',
  'wmt14ende_cpu_xeon_all.csv',
  'wmt14ende_gpu_titanxp_all.csv',
  'wmt19ende_gpu_titanxp_all.csv',
  'iwslt14deen_gpu_titanxp_all.csv',
] as const;

export const hatLatencyPath = (file: string): string =>
  new URL(`../../../../shared/hat-latency/${file}`, import.meta.url).pathname;

export const readHatLatency = (file: string): string => readFileSync(hatLatencyPath(file), 'utf8');
