import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HAT_BUILTIN_DATASETS } from '../../../src/core/latency/hat-datasets';

/** HAT's real latency datasets, vendored in public/hat-latency (MIT; provenance in its LICENSE.md). */
export const HAT_LATENCY_FILES = HAT_BUILTIN_DATASETS.map((d) => d.fileName);

/** A file of the repository's public/ folder, the folder the app serves. */
export const publicPath = (path: string): string => fileURLToPath(new URL(`../../../public/${path}`, import.meta.url));

export const hatLatencyPath = (file: string): string => publicPath(`hat-latency/${file}`);

export const readHatLatency = (file: string): string => readFileSync(hatLatencyPath(file), 'utf8');
