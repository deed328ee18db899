import { ARBITRARY_ATTN_LAYERS, type SearchSpace } from './space';
import type { Problem } from './result';

export interface EncoderConfig {
  embedDim: number;
  layerNum: number;
  /** One entry per used layer. */
  ffnEmbedDims: number[];
  selfAttentionHeads: number[];
}

export interface DecoderConfig {
  embedDim: number;
  layerNum: number;
  ffnEmbedDims: number[];
  selfAttentionHeads: number[];
  endeAttentionHeads: number[];
  /** HAT codes: -1 attends to the last encoder layer, 1 to the last two, 2 to the last three. */
  arbitraryEndeAttn: number[];
}

/**
 * A SubTransformer in canonical form: every per-layer list has exactly `layerNum` entries
 * (HAT's YAML form). HAT's in-memory form, with one entry per super layer, is read by the importers.
 */
export interface SubTransformerConfig {
  encoder: EncoderConfig;
  decoder: DecoderConfig;
}

export const ENCODER_LAYER_LISTS = ['ffnEmbedDims', 'selfAttentionHeads'] as const;
export const DECODER_LAYER_LISTS = [
  'ffnEmbedDims',
  'selfAttentionHeads',
  'endeAttentionHeads',
  'arbitraryEndeAttn',
] as const;

const list = (values: readonly number[]): string => `[${values.join(', ')}]`;

/** Every problem of `config` against `space`; each names the field and what is allowed. */
export function validateConfig(config: SubTransformerConfig, space: SearchSpace): Problem[] {
  const problems: Problem[] = [];
  const checkChoice = (field: string, value: unknown, choices: readonly number[]): void => {
    if (typeof value !== 'number' || !choices.includes(value)) {
      problems.push({ field, message: `${String(value)} is not allowed (allowed: ${list(choices)})` });
    }
  };
  const checkList = (field: string, values: unknown, layerNum: number, choices: readonly number[]): void => {
    if (!Array.isArray(values)) {
      problems.push({ field, message: `must be a list of ${layerNum} values from ${list(choices)}` });
      return;
    }
    if (values.length !== layerNum) {
      problems.push({
        field,
        message: `has ${values.length} entries but layerNum is ${layerNum} (one entry per used layer)`,
      });
    }
    values.slice(0, layerNum).forEach((value, i) => checkChoice(`${field}[${i}]`, value, choices));
  };

  const { encoder, decoder } = config;
  checkChoice('encoder.embedDim', encoder.embedDim, space.encoderEmbedChoices);
  checkChoice('encoder.layerNum', encoder.layerNum, space.encoderLayerNumChoices);
  const encLayers = Number.isInteger(encoder.layerNum) ? encoder.layerNum : 0;
  checkList('encoder.ffnEmbedDims', encoder.ffnEmbedDims, encLayers, space.encoderFfnEmbedDimChoices);
  checkList(
    'encoder.selfAttentionHeads',
    encoder.selfAttentionHeads,
    encLayers,
    space.encoderSelfAttentionHeadsChoices,
  );
  checkChoice('decoder.embedDim', decoder.embedDim, space.decoderEmbedChoices);
  checkChoice('decoder.layerNum', decoder.layerNum, space.decoderLayerNumChoices);
  const decLayers = Number.isInteger(decoder.layerNum) ? decoder.layerNum : 0;
  checkList('decoder.ffnEmbedDims', decoder.ffnEmbedDims, decLayers, space.decoderFfnEmbedDimChoices);
  checkList(
    'decoder.selfAttentionHeads',
    decoder.selfAttentionHeads,
    decLayers,
    space.decoderSelfAttentionHeadsChoices,
  );
  checkList(
    'decoder.endeAttentionHeads',
    decoder.endeAttentionHeads,
    decLayers,
    space.decoderEndeAttentionHeadsChoices,
  );
  checkList('decoder.arbitraryEndeAttn', decoder.arbitraryEndeAttn, decLayers, space.decoderArbitraryEndeAttnChoices);
  if (Array.isArray(decoder.arbitraryEndeAttn)) {
    decoder.arbitraryEndeAttn.slice(0, decLayers).forEach((code, i) => {
      const attended = ARBITRARY_ATTN_LAYERS.get(code);
      if (attended !== undefined && attended > encLayers && encLayers > 0) {
        problems.push({
          field: `decoder.arbitraryEndeAttn[${i}]`,
          message: `code ${code} attends to ${attended} encoder layers but the encoder has ${encLayers}`,
        });
      }
    });
  }
  return problems;
}

/** A stable text key of a config, for memoising and de-duplicating. */
export function configKey(config: SubTransformerConfig): string {
  const { encoder: e, decoder: d } = config;
  return [
    e.embedDim,
    e.layerNum,
    e.ffnEmbedDims.join('.'),
    e.selfAttentionHeads.join('.'),
    d.embedDim,
    d.layerNum,
    d.ffnEmbedDims.join('.'),
    d.selfAttentionHeads.join('.'),
    d.endeAttentionHeads.join('.'),
    d.arbitraryEndeAttn.join('.'),
  ].join('|');
}

/** The largest SubTransformer of a space: widest everything, deepest, most heads, widest attention. */
export function largestConfig(space: SearchSpace): SubTransformerConfig {
  return extremeConfig(space, Math.max);
}

/** The smallest SubTransformer of a space. */
export function smallestConfig(space: SearchSpace): SubTransformerConfig {
  return extremeConfig(space, Math.min);
}

function extremeConfig(space: SearchSpace, pick: (...values: number[]) => number): SubTransformerConfig {
  const encLayers = pick(...space.encoderLayerNumChoices);
  const decLayers = pick(...space.decoderLayerNumChoices);
  const repeat = (n: number, choices: number[]): number[] => Array<number>(n).fill(pick(...choices));
  return {
    encoder: {
      embedDim: pick(...space.encoderEmbedChoices),
      layerNum: encLayers,
      ffnEmbedDims: repeat(encLayers, space.encoderFfnEmbedDimChoices),
      selfAttentionHeads: repeat(encLayers, space.encoderSelfAttentionHeadsChoices),
    },
    decoder: {
      embedDim: pick(...space.decoderEmbedChoices),
      layerNum: decLayers,
      ffnEmbedDims: repeat(decLayers, space.decoderFfnEmbedDimChoices),
      selfAttentionHeads: repeat(decLayers, space.decoderSelfAttentionHeadsChoices),
      endeAttentionHeads: repeat(decLayers, space.decoderEndeAttentionHeadsChoices),
      arbitraryEndeAttn: repeat(decLayers, space.decoderArbitraryEndeAttnChoices),
    },
  };
}
