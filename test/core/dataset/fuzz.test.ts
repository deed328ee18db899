import { describe, expect, it } from 'vitest';
import { parseLatencyCsvText, readLatencyCsv, type DatasetParseResult } from '../../../src/core/dataset';
import { createRng, type Rng } from '../../../src/core/rng';
import { readHatLatency } from './hat-latency-files';

/** The Raspberry Pi file, cut to 200 rows so hundreds of mutations stay fast. */
const SEED_TEXT = readHatLatency('wmt14ende_cpu_raspberrypi_all.csv').split('\n').slice(0, 201).join('\n') + '\n';
const INJECTIONS = [
  ',',
  '"',
  '\u0000',
  'NaN',
  '-0',
  '1e999',
  '\r',
  '\n',
  ' ',
  'é',
  '\uFEFF',
  '-',
  '.',
  'Infinity',
  ',,',
];

function mutate(text: string, rng: Rng): string {
  let out = text;
  const edits = 1 + rng.nextInt(6);
  for (let e = 0; e < edits; e++) {
    const at = rng.nextInt(out.length + 1);
    switch (rng.nextInt(6)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + rng.nextInt(8));
        break;
      case 1:
        out = out.slice(0, at) + rng.pick(INJECTIONS) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + String.fromCharCode(rng.nextInt(0x250)) + out.slice(at + 1);
        break;
      case 3: {
        const lines = out.split('\n');
        const a = rng.nextInt(lines.length);
        const b = rng.nextInt(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        out = lines.join('\n');
        break;
      }
      case 4:
        out = out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + out.slice(at).replace(/\d/, rng.pick(['', '-', 'x', '9e9', '0']));
    }
  }
  return out;
}

function expectRowsOrLocatedErrors(result: DatasetParseResult): void {
  if (result.ok) {
    expect(result.rows.length).toBeGreaterThan(0);
    for (const row of result.rows) {
      for (const value of row.features) expect(Number.isFinite(value)).toBe(true);
      expect(row.latencyMeanEncoderMs).toBeGreaterThan(0);
      expect(row.latencyMeanDecoderMs).toBeGreaterThan(0);
      expect(row.latencyStdEncoderMs).toBeGreaterThanOrEqual(0);
    }
    expect(result.summary.rows).toBe(result.rows.length);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(Number.isInteger(error.line) && error.line >= 1).toBe(true);
      expect(error.message.length).toBeGreaterThan(0);
    }
  }
}

describe('the CSV reader under fuzzing', () => {
  it('returns rows or located errors for random bytes, never throwing', async () => {
    const rng = createRng(1234);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: rng.nextInt(400) }, () => rng.nextInt(256));
      expectRowsOrLocatedErrors(await readLatencyCsv(new Blob([bytes])));
      expectRowsOrLocatedErrors(parseLatencyCsvText(new TextDecoder().decode(bytes)));
    }
  });

  it('returns rows or located errors for mutations of a real HAT file, and agrees across both paths', async () => {
    const rng = createRng(5678);
    let rejected = 0;
    for (let i = 0; i < 300; i++) {
      const text = mutate(SEED_TEXT, rng);
      const fromText = parseLatencyCsvText(text);
      expectRowsOrLocatedErrors(fromText);
      expect(await readLatencyCsv(new Blob([text]))).toEqual(fromText);
      if (!fromText.ok) rejected += 1;
    }
    // The mutations must actually exercise the error paths, or this test proves nothing.
    expect(rejected).toBeGreaterThan(150);
  });
});
