import type { SubTransformerConfig } from '../../src/core/config';

/** A small WMT config: every layer 512 wide with FFN 1024, one decoder layer attending to one encoder layer. */
export const HAND_WMT: SubTransformerConfig = {
  encoder: { embedDim: 512, layerNum: 6, ffnEmbedDims: Array(6).fill(1024), selfAttentionHeads: Array(6).fill(8) },
  decoder: {
    embedDim: 512,
    layerNum: 1,
    ffnEmbedDims: [1024],
    selfAttentionHeads: [4],
    endeAttentionHeads: [8],
    arbitraryEndeAttn: [-1],
  },
};

/** An IWSLT config mixing widths: 640-wide encoder, 512-wide decoder with arbitrary attention 1 and 2. */
export const HAND_IWSLT: SubTransformerConfig = {
  encoder: {
    embedDim: 640,
    layerNum: 6,
    ffnEmbedDims: [2048, 1024, 512, 2048, 1024, 512],
    selfAttentionHeads: [4, 2, 4, 2, 4, 2],
  },
  decoder: {
    embedDim: 512,
    layerNum: 2,
    ffnEmbedDims: [2048, 512],
    selfAttentionHeads: [4, 2],
    endeAttentionHeads: [2, 4],
    arbitraryEndeAttn: [1, 2],
  },
};
