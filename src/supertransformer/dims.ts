import type { SubTransformerConfig } from '../core/config';
import type { SearchSpace } from '../core/space';

/**
 * The shape of a SuperTransformer's shared tensors (the largest model), in the units the tensors really have:
 * a width-scaled SuperTransformer stores its scaled dims here.
 */
export interface SuperDims {
  vocabSize: number;
  /** One token table is shared by encoder, decoder and output projection, so it has the wider embed dim. */
  maxEmbedDim: number;
  maxEncoderFfnDim: number;
  maxDecoderFfnDim: number;
  qkvDim: number;
  encoderLayers: number;
  decoderLayers: number;
  /** Longest sequence the sinusoidal table covers. */
  maxPositions: number;
  /**
   * Set when the encoder has a token table of its own (fairseq without --share-all-embeddings, e.g. HAT's IWSLT
   * model): its vocabulary size. Unset, the encoder reads the shared table.
   */
  sourceVocabSize?: number;
  /** Set when the output projection has its own table (fairseq's decoder.embed_out, no shared input/output embed). */
  separateOutputTable?: boolean;
}

export const DEFAULT_MAX_POSITIONS = 256;

/** The super dims covering every config of `spaces`, realised at `widthScale`. */
export function superDimsFor(
  spaces: readonly SearchSpace[],
  widthScale: number,
  vocabSize: number,
  maxPositions = DEFAULT_MAX_POSITIONS,
): SuperDims {
  const max = (pick: (s: SearchSpace) => number[]): number => Math.max(...spaces.flatMap(pick));
  const qkv = new Set(spaces.map((s) => s.qkvDim));
  if (qkv.size !== 1) throw new RangeError(`spaces disagree on the qkv dim: ${[...qkv].join(', ')}`);
  return {
    vocabSize,
    maxEmbedDim: scaleDim(
      max((s) => [...s.encoderEmbedChoices, ...s.decoderEmbedChoices, s.superEncoderEmbedDim]),
      widthScale,
    ),
    maxEncoderFfnDim: scaleDim(
      max((s) => [...s.encoderFfnEmbedDimChoices, s.superEncoderFfnEmbedDim]),
      widthScale,
    ),
    maxDecoderFfnDim: scaleDim(
      max((s) => [...s.decoderFfnEmbedDimChoices, s.superDecoderFfnEmbedDim]),
      widthScale,
    ),
    qkvDim: scaleDim([...qkv][0] as number, widthScale),
    encoderLayers: max((s) => [...s.encoderLayerNumChoices, s.superEncoderLayers]),
    decoderLayers: max((s) => [...s.decoderLayerNumChoices, s.superDecoderLayers]),
    maxPositions,
  };
}

export function scaleDim(dim: number, widthScale: number): number {
  const scaled = dim * widthScale;
  if (!Number.isInteger(scaled) || scaled <= 0) {
    throw new RangeError(`width scale ${widthScale} turns dim ${dim} into ${scaled}, not a positive integer`);
  }
  return scaled;
}

/**
 * The config the width-scaled model runs: every embed and FFN dim multiplied by the scale; layer counts, heads and
 * attention codes unchanged. Configs stay in HAT's real units everywhere else.
 */
export function scaleConfig(config: SubTransformerConfig, widthScale: number): SubTransformerConfig {
  if (widthScale === 1) return config;
  const s = (dim: number): number => scaleDim(dim, widthScale);
  const { encoder: e, decoder: d } = config;
  return {
    encoder: { ...e, embedDim: s(e.embedDim), ffnEmbedDims: e.ffnEmbedDims.map(s) },
    decoder: { ...d, embedDim: s(d.embedDim), ffnEmbedDims: d.ffnEmbedDims.map(s) },
  };
}

/** Why a (realised) config cannot run on a SuperTransformer of these dims, or null when it can. */
export function configMismatch(config: SubTransformerConfig, dims: SuperDims): string | null {
  const { encoder: e, decoder: d } = config;
  if (e.embedDim > dims.maxEmbedDim || d.embedDim > dims.maxEmbedDim) {
    return `embed dim ${Math.max(e.embedDim, d.embedDim)} exceeds the SuperTransformer's ${dims.maxEmbedDim}`;
  }
  if (e.layerNum < 1 || e.layerNum > dims.encoderLayers)
    return `encoder layer num ${e.layerNum} is not in 1..${dims.encoderLayers}`;
  if (d.layerNum < 1 || d.layerNum > dims.decoderLayers)
    return `decoder layer num ${d.layerNum} is not in 1..${dims.decoderLayers}`;
  for (const [name, values, max] of [
    ['encoder FFN', e.ffnEmbedDims.slice(0, e.layerNum), dims.maxEncoderFfnDim],
    ['decoder FFN', d.ffnEmbedDims.slice(0, d.layerNum), dims.maxDecoderFfnDim],
  ] as const) {
    const bad = values.find((v) => v > max || v < 1);
    if (bad !== undefined) return `${name} dim ${bad} is outside 1..${max}`;
  }
  for (const heads of [...e.selfAttentionHeads, ...d.selfAttentionHeads, ...d.endeAttentionHeads]) {
    if (dims.qkvDim % heads !== 0) return `${heads} heads do not divide the qkv dim ${dims.qkvDim}`;
  }
  // HAT keeps every super layer's output, unused layers passing theirs on unchanged: a code may reach past the
  // config's encoder depth (reading copies of its last layer), but not past the SuperTransformer's.
  for (const code of d.arbitraryEndeAttn.slice(0, d.layerNum)) {
    const attended = attendedEncoderLayers(code);
    if (attended > dims.encoderLayers)
      return `arbitrary attention code ${code} needs ${attended} encoder layers, the SuperTransformer has ${dims.encoderLayers}`;
  }
  return null;
}

/** HAT's arbitrary encoder-decoder attention code → how many of the last encoder layers a decoder layer attends. */
export function attendedEncoderLayers(code: number): number {
  if (code === -1) return 1;
  if (code === 1) return 2;
  if (code === 2) return 3;
  throw new RangeError(`unknown arbitrary attention code ${code} (expected -1, 1 or 2)`);
}
