import { parseLatencyCsvText, readLatencyCsv } from '../../src/core/dataset';
import { HAT_LATENCY_FILES, readHatLatency } from '../core/dataset/hat-latency-files';
import { printTable, time } from './harness';

/** Reader throughput on HAT's files, and what streaming a Blob in 64 KiB chunks costs against one string. */
export async function benchDatasets(): Promise<void> {
  const texts = HAT_LATENCY_FILES.map(readHatLatency);
  const totalBytes = texts.reduce((sum, text) => sum + text.length, 0);
  const totalRows = texts.length * 2000;
  // A larger file (all five, 20 times) shows the per-row cost rather than start-up.
  const big = texts
    .map((t) => t.slice(t.indexOf('\n') + 1))
    .join('')
    .repeat(20);
  const bigText = texts[0]!.slice(0, texts[0]!.indexOf('\n') + 1) + big;
  const bigBlob = new Blob(
    Array.from({ length: Math.ceil(bigText.length / 65536) }, (_, i) => bigText.slice(i * 65536, (i + 1) * 65536)),
  );

  const fromString = await time('string', () => texts.forEach((t) => parseLatencyCsvText(t)));
  const bigString = await time('big string', () => parseLatencyCsvText(bigText));
  const bigStream = await time('big stream', () => readLatencyCsv(bigBlob));
  const bigRows = 20 * totalRows;
  printTable('Latency CSV reader', [
    {
      input: `HAT's 5 files (${(totalBytes / 1e6).toFixed(2)} MB, ${totalRows} rows), string`,
      'median ms': fromString.medianMs.toFixed(1),
      'rows/s': Math.round(totalRows / (fromString.medianMs / 1000)).toLocaleString('en-US'),
    },
    {
      input: `x20 (${(bigText.length / 1e6).toFixed(1)} MB, ${bigRows} rows), string`,
      'median ms': bigString.medianMs.toFixed(1),
      'rows/s': Math.round(bigRows / (bigString.medianMs / 1000)).toLocaleString('en-US'),
    },
    {
      input: `x20, streamed Blob in 64 KiB chunks`,
      'median ms': bigStream.medianMs.toFixed(1),
      'rows/s': Math.round(bigRows / (bigStream.medianMs / 1000)).toLocaleString('en-US'),
    },
  ]);
  console.log(`\nstreamed / string time ratio: ${(bigStream.medianMs / bigString.medianMs).toFixed(2)}`);
}
