import type { SubTransformerConfig } from '../core/config';
import type { SearchSpace } from '../core/space';

const repeat = (n: number, value: number): number[] => Array.from({ length: n }, () => value);

/** Widest, deepest choice of every gene (most heads, attending the most encoder layers). */
export function largestConfig(space: SearchSpace): SubTransformerConfig {
  return extremeConfig(space, (choices) => Math.max(...choices));
}

/** Narrowest, shallowest choice of every gene. */
export function smallestConfig(space: SearchSpace): SubTransformerConfig {
  return extremeConfig(space, (choices) => Math.min(...choices));
}

function extremeConfig(space: SearchSpace, pick: (choices: number[]) => number): SubTransformerConfig {
  const encoderLayers = pick(space.encoderLayerNumChoices);
  const decoderLayers = pick(space.decoderLayerNumChoices);
  return {
    encoder: {
      embedDim: pick(space.encoderEmbedChoices),
      layerNum: encoderLayers,
      ffnEmbedDims: repeat(encoderLayers, pick(space.encoderFfnEmbedDimChoices)),
      selfAttentionHeads: repeat(encoderLayers, pick(space.encoderSelfAttentionHeadsChoices)),
    },
    decoder: {
      embedDim: pick(space.decoderEmbedChoices),
      layerNum: decoderLayers,
      ffnEmbedDims: repeat(decoderLayers, pick(space.decoderFfnEmbedDimChoices)),
      selfAttentionHeads: repeat(decoderLayers, pick(space.decoderSelfAttentionHeadsChoices)),
      endeAttentionHeads: repeat(decoderLayers, pick(space.decoderEndeAttentionHeadsChoices)),
      arbitraryEndeAttn: repeat(decoderLayers, pick(space.decoderArbitraryEndeAttnChoices)),
    },
  };
}
