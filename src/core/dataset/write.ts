import { LATENCY_CSV_HEADER, type LatencyRow } from './types';

/**
 * Writes HAT's latency CSV. Numbers use JavaScript's shortest round-trip form, so reading the file back
 * gives the identical numbers (HAT's Python reader parses them the same way).
 */
export function writeLatencyCsv(rows: readonly LatencyRow[]): string {
  const lines = [LATENCY_CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        ...row.features,
        row.latencyMeanEncoderMs,
        row.latencyMeanDecoderMs,
        row.latencyStdEncoderMs,
        row.latencyStdDecoderMs,
      ]
        .map(String)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
