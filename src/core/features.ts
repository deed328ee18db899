import type { SubTransformerConfig } from './config';
import { ARBITRARY_ATTN_LAYERS } from './space';

/** HAT's ten architecture features, in the latency CSV's column order. */
export const FEATURE_NAMES = [
  'encoder_embed_dim',
  'encoder_layer_num',
  'encoder_ffn_embed_dim_avg',
  'encoder_self_attention_heads_avg',
  'decoder_embed_dim',
  'decoder_layer_num',
  'decoder_ffn_embed_dim_avg',
  'decoder_self_attention_heads_avg',
  'decoder_ende_attention_heads_avg',
  'decoder_arbitrary_ende_attn_avg',
] as const;

export type FeatureVector = [number, number, number, number, number, number, number, number, number, number];

const mean = (values: readonly number[]): number => values.reduce((sum, x) => sum + x, 0) / values.length;

/** The features of a config exactly as HAT computes them: `_avg` columns average the used layers only. */
export function configFeatures(config: SubTransformerConfig): FeatureVector {
  const { encoder: e, decoder: d } = config;
  const used = (values: readonly number[], layers: number): number[] => values.slice(0, layers);
  const attended = used(d.arbitraryEndeAttn, d.layerNum).map((code) => {
    const layers = ARBITRARY_ATTN_LAYERS.get(code);
    if (layers === undefined) throw new RangeError(`unknown arbitrary attention code ${code}`);
    return layers;
  });
  return [
    e.embedDim,
    e.layerNum,
    mean(used(e.ffnEmbedDims, e.layerNum)),
    mean(used(e.selfAttentionHeads, e.layerNum)),
    d.embedDim,
    d.layerNum,
    mean(used(d.ffnEmbedDims, d.layerNum)),
    mean(used(d.selfAttentionHeads, d.layerNum)),
    mean(used(d.endeAttentionHeads, d.layerNum)),
    mean(attended),
  ];
}
