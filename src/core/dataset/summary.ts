import { FEATURE_NAMES } from '../features';
import type { DatasetSummary, LatencyRow } from './types';

export const totalLatencyMs = (row: LatencyRow): number => row.latencyMeanEncoderMs + row.latencyMeanDecoderMs;

export function summarizeRows(rows: readonly LatencyRow[]): DatasetSummary {
  const featureRanges = FEATURE_NAMES.map((name, i) => {
    let min = Infinity;
    let max = -Infinity;
    for (const row of rows) {
      const value = row.features[i] as number;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return { name, min, max };
  });
  const totals = rows.map(totalLatencyMs).sort((a, b) => a - b);
  const middle = Math.floor(totals.length / 2);
  const median =
    totals.length % 2 === 1
      ? (totals[middle] as number)
      : ((totals[middle - 1] as number) + (totals[middle] as number)) / 2;
  return {
    rows: rows.length,
    featureRanges,
    latencyMs: { min: totals[0] ?? NaN, median, max: totals[totals.length - 1] ?? NaN },
  };
}
