import { describe, expect, it } from 'vitest';
import { parseLatencyCsvText, writeLatencyCsv } from '../../../src/core/dataset';
import { datasetSha256 } from '../../../src/core/latency/hash';
import { readHatLatency } from '../dataset/hat-latency-files';

describe('profile CSV export', () => {
  it('re-imports identically, with the same dataset hash', async () => {
    const original = parseLatencyCsvText(readHatLatency('wmt14ende_cpu_xeon_all.csv'));
    expect(original.ok).toBe(true);
    if (!original.ok) return;
    const again = parseLatencyCsvText(writeLatencyCsv(original.rows));
    expect(again.ok && again.rows).toEqual(original.rows);
    if (!again.ok) return;
    expect(await datasetSha256(again.rows)).toBe(await datasetSha256(original.rows));
  });
});
