import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigYaml } from '../../src/core/config-io';
import { sizeRows, TRANSFORMER_BIG, TRANSFORMER_BIG_QKV } from '../../src/app/chart-model-size';

const fixture = (path: string) => {
  const parsed = parseConfigYaml(readFileSync(new URL(`../fixtures/hat-configs/${path}`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(`${path} does not parse`);
  return parsed.value;
};

describe('inspector model sizes', () => {
  it('puts the float32 baseline at 705 MB (HAT’s Transformer-big) and 1x', () => {
    const [f32] = sizeRows(TRANSFORMER_BIG, TRANSFORMER_BIG_QKV);
    expect(f32!.format).toBe('float32');
    expect(f32!.bytes / 1e6).toBeCloseTo(705.3, 0);
    expect(f32!.timesSmaller).toBe(1);
  });

  it('gives HAT’s En-Fr model about 25x smaller in 4 bits (the seed result)', () => {
    const rows = sizeRows(fixture('wmt14.en-fr/HAT_wmt14enfr_xeon@394.5ms_bleu@41.4.yml'), 512);
    expect(rows.map((r) => r.format)).toEqual(['float32', 'float16', 'int8', 'int4']);
    const int4 = rows.find((r) => r.format === 'int4')!;
    expect(int4.timesSmaller).toBeGreaterThan(24);
    expect(int4.timesSmaller).toBeLessThan(30);
    // every halving of the bits halves the bytes
    expect(rows[0]!.bytes / int4.bytes).toBe(8);
  });
});
