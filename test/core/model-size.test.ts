import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigYaml } from '../../src/core/config-io';
import type { SubTransformerConfig } from '../../src/core/config';
import { embeddingParams, modelSize } from '../../src/core/model-size';
import { countParams } from '../../src/core/model-stats';
import { HAND_IWSLT, HAND_WMT } from './hand-configs';

/** Vaswani et al.'s Transformer-big: 6 + 6 layers, width 1024, FFN 4096, 16 heads (qkv width = model width). */
function transformerBig(): SubTransformerConfig {
  const six = (value: number): number[] => Array<number>(6).fill(value);
  return {
    encoder: { embedDim: 1024, layerNum: 6, ffnEmbedDims: six(4096), selfAttentionHeads: six(16) },
    decoder: {
      embedDim: 1024,
      layerNum: 6,
      ffnEmbedDims: six(4096),
      selfAttentionHeads: six(16),
      endeAttentionHeads: six(16),
      arbitraryEndeAttn: six(-1),
    },
  };
}

const hatEnFr = (): SubTransformerConfig => {
  const path = new URL('../fixtures/hat-configs/wmt14.en-fr/HAT_wmt14enfr_xeon@394.5ms_bleu@41.4.yml', import.meta.url);
  const parsed = parseConfigYaml(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error('fixture does not parse');
  return parsed.value;
};

/** fairseq's joint WMT'14 En-Fr dictionary is about 40k BPE tokens. */
const EN_FR_VOCAB = { sourceVocabSize: 40_000 };

describe('model size', () => {
  it('counts Transformer-big as HAT’s paper does: 176M parameters without embeddings', () => {
    expect(countParams(transformerBig(), 1024) / 1e6).toBeCloseTo(176.4, 1);
    const size = modelSize(transformerBig(), 1024, EN_FR_VOCAB);
    expect(size.bytesWithoutEmbeddings.float32 / 1e6).toBeCloseTo(705.3, 0); // HAT's table: 705 MB
  });

  it('gives bytes per format from the parameter counts, with and without embeddings', () => {
    const size = modelSize(HAND_WMT, 512, { sourceVocabSize: 32_000 });
    const params = countParams(HAND_WMT, 512);
    expect(size.paramsWithoutEmbeddings).toBe(params);
    expect(size.embeddingParams).toBe(32_000 * 512);
    expect(size.paramsWithEmbeddings).toBe(params + 32_000 * 512);
    expect(size.bytesWithoutEmbeddings).toEqual({
      float32: 4 * params,
      float16: 2 * params,
      int8: params,
      int4: params / 2,
    });
    expect(size.bytesWithEmbeddings.int4).toBe((params + 32_000 * 512) / 2);
  });

  it('shares one embedding table only with a joint dictionary and equal widths', () => {
    expect(embeddingParams(HAND_WMT, { sourceVocabSize: 100 })).toBe(100 * 512);
    expect(embeddingParams(HAND_WMT, { sourceVocabSize: 100, targetVocabSize: 80 })).toBe(100 * 512 + 80 * 512);
    // 640-wide encoder, 512-wide decoder: two tables even with one dictionary.
    expect(embeddingParams(HAND_IWSLT, { sourceVocabSize: 100 })).toBe(100 * 640 + 100 * 512);
    expect(() => embeddingParams(HAND_WMT, { sourceVocabSize: 0 })).toThrow(RangeError);
  });

  it('makes a 4-bit HAT model about 25 times smaller than the float32 Transformer-big (HAT’s headline)', () => {
    const baseline = modelSize(transformerBig(), 1024, EN_FR_VOCAB);
    const hat = modelSize(hatEnFr(), 512, EN_FR_VOCAB);
    const withoutEmbeddings = baseline.bytesWithoutEmbeddings.float32 / hat.bytesWithoutEmbeddings.int4;
    const withEmbeddings = baseline.bytesWithEmbeddings.float32 / hat.bytesWithEmbeddings.int4;
    expect(withoutEmbeddings).toBeGreaterThan(20);
    expect(withoutEmbeddings).toBeLessThan(32);
    expect(withEmbeddings).toBeGreaterThan(20);
    expect(withEmbeddings).toBeLessThan(32);
    // float32 HAT alone is only about 3.4x smaller: the rest is quantisation.
    expect(baseline.bytesWithoutEmbeddings.float32 / hat.bytesWithoutEmbeddings.float32).toBeCloseTo(3.4, 0);
  });
});
