import { parseLatencyCsvText, type LatencyRow } from '../../src/core/dataset';
import { readHatLatency } from '../core/dataset/hat-latency-files';

/** One of HAT's latency CSVs (public/hat-latency or the En-Fr fixtures), parsed. */
export function loadHatDataset(file: string): LatencyRow[] {
  const parsed = parseLatencyCsvText(readHatLatency(file));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors[0]?.message}`);
  return parsed.rows;
}
