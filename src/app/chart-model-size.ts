import type { SubTransformerConfig } from '../core/config';
import { countParams } from '../core/model-stats';
import { WEIGHT_BITS, type WeightFormat } from '../core/model-size';

/**
 * HAT's size baseline: Vaswani et al.'s Transformer-big (6 + 6 layers, width 1024, FFN 4096, 16 heads, qkv 1024),
 * 176M parameters without embeddings, 705 MB in float32. HAT's "25x smaller" headline is against this model.
 */
export const TRANSFORMER_BIG: SubTransformerConfig = (() => {
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
})();

export const TRANSFORMER_BIG_QKV = 1024;

export interface SizeRow {
  format: WeightFormat;
  bytes: number;
  /** How many times smaller than Transformer-big in float32. */
  timesSmaller: number;
}

/**
 * Weight bytes per storage format, counted as HAT counts parameters (no embeddings, no output projection), each
 * with its ratio against the float32 Transformer-big, as in HAT's model-size comparison.
 */
export function sizeRows(config: SubTransformerConfig, qkvDim: number): SizeRow[] {
  const params = countParams(config, qkvDim);
  const baseline = (countParams(TRANSFORMER_BIG, TRANSFORMER_BIG_QKV) * WEIGHT_BITS.float32) / 8;
  return (Object.keys(WEIGHT_BITS) as WeightFormat[]).map((format) => {
    const bytes = (params * WEIGHT_BITS[format]) / 8;
    return { format, bytes, timesSmaller: baseline / bytes };
  });
}
