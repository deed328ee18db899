import type { SubTransformerConfig } from './config';
import { countParams } from './model-stats';

/** Bits per weight of each storage format the inspector shows. */
export const WEIGHT_BITS = { float32: 32, float16: 16, int8: 8, int4: 4 } as const;

export type WeightFormat = keyof typeof WEIGHT_BITS;

export interface VocabSizes {
  /** Source vocabulary; with a joint dictionary (HAT's WMT En-De/En-Fr) the only one. */
  sourceVocabSize: number;
  /** Target vocabulary; defaults to the source's (a joint dictionary). */
  targetVocabSize?: number;
}

export interface ModelSize {
  /** Parameters as HAT counts them: no token embeddings, no output projection. */
  paramsWithoutEmbeddings: number;
  /** Token embedding parameters of a standalone SubTransformer (positional embeddings are sinusoidal: none). */
  embeddingParams: number;
  paramsWithEmbeddings: number;
  /** Bytes per format, weights only: quantisation codebooks and scales are not counted. */
  bytesWithoutEmbeddings: Record<WeightFormat, number>;
  bytesWithEmbeddings: Record<WeightFormat, number>;
}

/**
 * Token embedding parameters of a SubTransformer trained on its own (what HAT's train.py builds from an exported
 * config): with a joint dictionary and equal widths, one table shared by encoder, decoder and output projection,
 * as fairseq's share-all-embeddings does; otherwise a source table and a target table, the output projection tied
 * to the target one.
 */
export function embeddingParams(config: SubTransformerConfig, vocab: VocabSizes): number {
  const source = vocab.sourceVocabSize;
  const target = vocab.targetVocabSize ?? source;
  for (const [name, size] of Object.entries({ source, target })) {
    if (!Number.isInteger(size) || size <= 0)
      throw new RangeError(`${name} vocabulary size must be a positive integer`);
  }
  const shared = source === target && config.encoder.embedDim === config.decoder.embedDim;
  return shared
    ? source * config.encoder.embedDim
    : source * config.encoder.embedDim + target * config.decoder.embedDim;
}

const bytesPerFormat = (params: number): Record<WeightFormat, number> => ({
  float32: (params * WEIGHT_BITS.float32) / 8,
  float16: (params * WEIGHT_BITS.float16) / 8,
  int8: (params * WEIGHT_BITS.int8) / 8,
  int4: (params * WEIGHT_BITS.int4) / 8,
});

/** Model size of a config in bytes for every weight format, with and without token embeddings. */
export function modelSize(config: SubTransformerConfig, qkvDim: number, vocab: VocabSizes): ModelSize {
  const paramsWithoutEmbeddings = countParams(config, qkvDim);
  const embeddings = embeddingParams(config, vocab);
  const paramsWithEmbeddings = paramsWithoutEmbeddings + embeddings;
  return {
    paramsWithoutEmbeddings,
    embeddingParams: embeddings,
    paramsWithEmbeddings,
    bytesWithoutEmbeddings: bytesPerFormat(paramsWithoutEmbeddings),
    bytesWithEmbeddings: bytesPerFormat(paramsWithEmbeddings),
  };
}
