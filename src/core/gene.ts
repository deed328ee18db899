import type { SubTransformerConfig } from './config';
import type { Rng } from './rng';
import type { SearchSpace } from './space';

/**
 * A flat gene in HAT's order: encoder embed; encoder layer num; E encoder FFN dims; E encoder heads;
 * decoder embed; decoder layer num; D decoder FFN dims; D self heads; D cross heads; D arbitrary codes
 * (E, D = super layer counts). Slots past the sampled layer count are carried but ignored.
 */
export type Gene = number[];

export interface GeneLayout {
  length: number;
  encoderEmbed: number;
  encoderLayerNum: number;
  encoderFfn: number;
  encoderHeads: number;
  decoderEmbed: number;
  decoderLayerNum: number;
  decoderFfn: number;
  decoderSelfHeads: number;
  decoderCrossHeads: number;
  decoderArbitrary: number;
}

export function geneLayout(space: SearchSpace): GeneLayout {
  const E = space.superEncoderLayers;
  const D = space.superDecoderLayers;
  const encoderFfn = 2;
  const encoderHeads = encoderFfn + E;
  const decoderEmbed = encoderHeads + E;
  const decoderFfn = decoderEmbed + 2;
  const decoderSelfHeads = decoderFfn + D;
  const decoderCrossHeads = decoderSelfHeads + D;
  const decoderArbitrary = decoderCrossHeads + D;
  return {
    length: decoderArbitrary + D,
    encoderEmbed: 0,
    encoderLayerNum: 1,
    encoderFfn,
    encoderHeads,
    decoderEmbed,
    decoderLayerNum: decoderEmbed + 1,
    decoderFfn,
    decoderSelfHeads,
    decoderCrossHeads,
    decoderArbitrary,
  };
}

/** The choice list of every gene position. */
export function geneChoices(space: SearchSpace): number[][] {
  const E = space.superEncoderLayers;
  const D = space.superDecoderLayers;
  const times = (n: number, choices: number[]): number[][] => Array.from({ length: n }, () => choices);
  return [
    space.encoderEmbedChoices,
    space.encoderLayerNumChoices,
    ...times(E, space.encoderFfnEmbedDimChoices),
    ...times(E, space.encoderSelfAttentionHeadsChoices),
    space.decoderEmbedChoices,
    space.decoderLayerNumChoices,
    ...times(D, space.decoderFfnEmbedDimChoices),
    ...times(D, space.decoderSelfAttentionHeadsChoices),
    ...times(D, space.decoderEndeAttentionHeadsChoices),
    ...times(D, space.decoderArbitraryEndeAttnChoices),
  ];
}

/** Pads a per-layer list to the super layer count by repeating its last entry (unused slots). */
function padLayers(values: readonly number[], superLayers: number): number[] {
  const last = values[values.length - 1] ?? 0;
  return Array.from({ length: superLayers }, (_, i) => values[i] ?? last);
}

export function encodeGene(config: SubTransformerConfig, space: SearchSpace): Gene {
  const E = space.superEncoderLayers;
  const D = space.superDecoderLayers;
  const { encoder: e, decoder: d } = config;
  return [
    e.embedDim,
    e.layerNum,
    ...padLayers(e.ffnEmbedDims, E),
    ...padLayers(e.selfAttentionHeads, E),
    d.embedDim,
    d.layerNum,
    ...padLayers(d.ffnEmbedDims, D),
    ...padLayers(d.selfAttentionHeads, D),
    ...padLayers(d.endeAttentionHeads, D),
    ...padLayers(d.arbitraryEndeAttn, D),
  ];
}

export function decodeGene(gene: readonly number[], space: SearchSpace): SubTransformerConfig {
  const layout = geneLayout(space);
  if (gene.length !== layout.length) {
    throw new RangeError(`a gene of space ${space.name} has ${layout.length} positions, got ${gene.length}`);
  }
  const at = (i: number): number => gene[i] as number;
  const encLayers = at(layout.encoderLayerNum);
  const decLayers = at(layout.decoderLayerNum);
  const slice = (start: number, n: number): number[] => gene.slice(start, start + n);
  return {
    encoder: {
      embedDim: at(layout.encoderEmbed),
      layerNum: encLayers,
      ffnEmbedDims: slice(layout.encoderFfn, encLayers),
      selfAttentionHeads: slice(layout.encoderHeads, encLayers),
    },
    decoder: {
      embedDim: at(layout.decoderEmbed),
      layerNum: decLayers,
      ffnEmbedDims: slice(layout.decoderFfn, decLayers),
      selfAttentionHeads: slice(layout.decoderSelfHeads, decLayers),
      endeAttentionHeads: slice(layout.decoderCrossHeads, decLayers),
      arbitraryEndeAttn: slice(layout.decoderArbitrary, decLayers),
    },
  };
}

/** A gene drawn uniformly: every position independently from its choices, as HAT samples. */
export function sampleGene(space: SearchSpace, rng: Rng): Gene {
  return geneChoices(space).map((choices) => rng.pick(choices));
}

export function sampleConfig(space: SearchSpace, rng: Rng): SubTransformerConfig {
  return decodeGene(sampleGene(space, rng), space);
}
