import { describe, expect, it } from 'vitest';
import {
  parseLatencyCsvText,
  readLatencyCsv,
  writeLatencyCsv,
  type DatasetParseResult,
} from '../../../src/core/dataset';
import { HAT_LATENCY_FILES, readHatLatency } from './hat-latency-files';

const RASPBERRY_PI = readHatLatency('wmt14ende_cpu_raspberrypi_all.csv');
const HEADER = RASPBERRY_PI.slice(0, RASPBERRY_PI.indexOf('\n'));
const GOOD_ROW =
  '640,6,1194.6666666666667,4.666666666666667,640,3,1877.3333333333333,4.0,5.333333333333333,2.0,9.9,236.7,0.13,12.7';

const errorsOf = (result: DatasetParseResult) => (result.ok ? [] : result.errors);

/** A Blob made of many small pieces, so a stream delivers lines (and characters) split across chunks. */
function choppedBlob(text: string, sizes = [1, 7, 3, 5, 2]): Blob {
  const bytes = new TextEncoder().encode(text);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    parts.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return new Blob(parts);
}

describe('HAT’s real latency datasets', () => {
  it.each(HAT_LATENCY_FILES)('%s parses to 2000 rows with a sensible summary', async (file) => {
    const result = await readLatencyCsv(new Blob([readHatLatency(file)]));
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.summary.rows).toBe(2000);
    const { min, median, max } = result.summary.latencyMs;
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThan(median);
    expect(median).toBeLessThan(max);
    expect(result.summary.featureRanges.map((r) => r.name)[9]).toBe('decoder_arbitrary_ende_attn_avg');
    expect(result.summary.featureRanges[5]).toEqual({ name: 'decoder_layer_num', min: 1, max: 6 });
  });

  it('reads the first Raspberry Pi row exactly', () => {
    const result = parseLatencyCsvText(RASPBERRY_PI);
    expect(result.ok && result.rows[0]).toEqual({
      features: [512, 6, 1877.3333333333333, 6, 640, 3, 1706.6666666666667, 6, 2.6666666666666665, 1.3333333333333333],
      latencyMeanEncoderMs: 1990.0972843170166,
      latencyMeanDecoderMs: 5932.554125785828,
      latencyStdEncoderMs: 413.8751029968262,
      latencyStdDecoderMs: 45.89879512786865,
    });
  });

  it('summarises total latency (encoder + decoder) in milliseconds', () => {
    const result = parseLatencyCsvText(`${HEADER}\n${GOOD_ROW}\n${GOOD_ROW.replace('236.7', '100')}\n`);
    expect(result.ok && result.summary.latencyMs).toEqual({ min: 109.9, median: (109.9 + 246.6) / 2, max: 246.6 });
  });

  it('writes a file that reads back identically', () => {
    const first = parseLatencyCsvText(RASPBERRY_PI);
    if (!first.ok) throw new Error('fixture did not parse');
    const again = parseLatencyCsvText(writeLatencyCsv(first.rows));
    expect(again).toEqual(first);
  });
});

describe('file variants', () => {
  it('accepts a BOM, CRLF line ends and a missing or repeated trailing newline', async () => {
    const reference = parseLatencyCsvText(RASPBERRY_PI);
    expect(reference.ok).toBe(true);
    const variants = [
      `\uFEFF${RASPBERRY_PI}`,
      RASPBERRY_PI.replaceAll('\n', '\r\n'),
      RASPBERRY_PI.trimEnd(),
      `${RASPBERRY_PI}\n\n`,
    ];
    for (const text of variants) {
      expect(parseLatencyCsvText(text)).toEqual(reference);
      expect(await readLatencyCsv(choppedBlob(text, [4096, 1, 13]))).toEqual(reference);
    }
  });

  it('streams tiny chunks to the same result as the string path', async () => {
    const text = RASPBERRY_PI.split('\n').slice(0, 60).join('\n');
    expect(await readLatencyCsv(choppedBlob(text))).toEqual(parseLatencyCsvText(text));
  });

  it('keeps a multi-byte character split across chunks intact in an error message', async () => {
    const text = `${HEADER}\n${GOOD_ROW.replace('9.9', 'größer')}\n`;
    const result = await readLatencyCsv(choppedBlob(text, [1]));
    expect(errorsOf(result)[0]?.message).toBe('expected a number, found "größer"');
  });
});

describe('located errors', () => {
  it.each([
    [
      'a non-number',
      GOOD_ROW.replace('9.9', 'abc'),
      { line: 2, column: 11, columnName: 'latency_mean_encoder', message: 'expected a number, found "abc"' },
    ],
    [
      'NaN',
      GOOD_ROW.replace('236.7', 'NaN'),
      { line: 2, column: 12, columnName: 'latency_mean_decoder', message: 'not a finite number, found "NaN"' },
    ],
    [
      'Infinity',
      GOOD_ROW.replace('0.13', 'Infinity'),
      { line: 2, column: 13, columnName: 'latency_std_encoder', message: 'not a finite number, found "Infinity"' },
    ],
    [
      'hex',
      GOOD_ROW.replace('640,6,', '0x280,6,'),
      { line: 2, column: 1, columnName: 'encoder_embed_dim', message: 'expected a number, found "0x280"' },
    ],
    [
      'an empty cell',
      GOOD_ROW.replace(',12.7', ','),
      { line: 2, column: 14, columnName: 'latency_std_decoder', message: 'expected a number, found ""' },
    ],
    [
      'a zero latency',
      GOOD_ROW.replace('9.9', '0'),
      {
        line: 2,
        column: 11,
        columnName: 'latency_mean_encoder',
        message: 'a latency mean must be above 0 ms, found 0',
      },
    ],
    [
      'a negative latency',
      GOOD_ROW.replace('236.7', '-5'),
      {
        line: 2,
        column: 12,
        columnName: 'latency_mean_decoder',
        message: 'a latency mean must be above 0 ms, found -5',
      },
    ],
    [
      'a negative std',
      GOOD_ROW.replace('12.7', '-0.5'),
      {
        line: 2,
        column: 14,
        columnName: 'latency_std_decoder',
        message: 'a latency standard deviation cannot be negative, found -0.5',
      },
    ],
    [
      'an unknown embed dim',
      GOOD_ROW.replace('640,3,', '768,3,'),
      {
        line: 2,
        column: 5,
        columnName: 'decoder_embed_dim',
        message: 'decoder_embed_dim 768 is outside every known space (allowed: 512, 640)',
      },
    ],
    [
      'too many decoder layers',
      GOOD_ROW.replace('640,3,', '640,7,'),
      {
        line: 2,
        column: 6,
        columnName: 'decoder_layer_num',
        message: 'decoder_layer_num 7 is outside every known space (allowed: 1, 2, 3, 4, 5, 6)',
      },
    ],
    [
      'an FFN average above every space',
      GOOD_ROW.replace('1877.3333333333333', '4096'),
      {
        line: 2,
        column: 7,
        columnName: 'decoder_ffn_embed_dim_avg',
        message: 'decoder_ffn_embed_dim_avg 4096 is outside every known space (allowed: 512 to 3072)',
      },
    ],
    [
      'an attention average of 4',
      GOOD_ROW.replace(',2.0,9.9', ',4,9.9'),
      {
        line: 2,
        column: 10,
        columnName: 'decoder_arbitrary_ende_attn_avg',
        message: 'decoder_arbitrary_ende_attn_avg 4 is outside every known space (allowed: 1 to 3)',
      },
    ],
  ])('%s', (_what, row, expected) => {
    expect(parseLatencyCsvText(`${HEADER}\n${GOOD_ROW}\n${row}\n`.replace(`${GOOD_ROW}\n${row}`, `${row}`))).toEqual({
      ok: false,
      errors: [expected],
    });
  });

  it('a short row', () => {
    expect(errorsOf(parseLatencyCsvText(`${HEADER}\n${GOOD_ROW}\n1,2,3\n`))).toEqual([
      { line: 3, message: 'expected 14 fields, found 3' },
    ]);
  });

  it('a wrong header names the column and what was expected', () => {
    const header = HEADER.replace('latency_mean_encoder', 'latency_encoder');
    expect(errorsOf(parseLatencyCsvText(`${header}\n${GOOD_ROW}\n`))).toEqual([
      {
        line: 1,
        column: 11,
        message: 'wrong header: expected latency_mean_encoder in column 11, found "latency_encoder"',
      },
    ]);
  });

  it('a header with missing columns lists them', () => {
    const header = HEADER.split(',').slice(0, 12).join(',');
    expect(errorsOf(parseLatencyCsvText(`${header}\n`))[0]?.message).toBe(
      "header has 12 columns, HAT's latency CSV has 14; missing: latency_std_encoder, latency_std_decoder",
    );
  });

  it('an empty file, a header alone, and a blank line inside the data', () => {
    expect(errorsOf(parseLatencyCsvText(''))).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(errorsOf(parseLatencyCsvText(`${HEADER}\n`))).toEqual([
      { line: 2, message: 'no data rows after the header' },
    ]);
    expect(errorsOf(parseLatencyCsvText(`${HEADER}\n${GOOD_ROW}\n\n${GOOD_ROW}\n`))).toEqual([
      { line: 3, message: 'empty line between data rows' },
    ]);
  });

  it('stops after the error limit, saying so', () => {
    const bad = Array.from({ length: 30 }, () => GOOD_ROW.replace('9.9', 'x')).join('\n');
    const errors = errorsOf(parseLatencyCsvText(`${HEADER}\n${bad}\n`, { maxErrors: 5 }));
    expect(errors).toHaveLength(6);
    expect(errors[5]?.message).toBe('further errors not shown (stopped after 5)');
  });
});

describe('refusals', () => {
  it('refuses a file over the size limit without reading it', async () => {
    const result = await readLatencyCsv(new Blob([RASPBERRY_PI]), { maxBytes: 1024 });
    expect(errorsOf(result)[0]?.message).toMatch(/^file is 0\.\d MiB, over the 0\.0 MiB limit for a latency dataset$/);
  });

  it('refuses binary data: NUL bytes and invalid UTF-8', async () => {
    const withNul = await readLatencyCsv(new Blob([HEADER, new Uint8Array([0, 1, 2])]));
    expect(errorsOf(withNul)[0]?.message).toMatch(/^not a text CSV file/);
    const invalidUtf8 = await readLatencyCsv(new Blob([new Uint8Array([0xff, 0xfe, 0x41, 0xc3])]));
    expect(errorsOf(invalidUtf8)[0]?.message).toMatch(/^not a text CSV file/);
    expect(errorsOf(parseLatencyCsvText(`${HEADER}\u0000`))[0]?.message).toMatch(/^not a text CSV file/);
  });
});
