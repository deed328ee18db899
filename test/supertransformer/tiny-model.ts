import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../../src/core/config';
import type { IdPair } from '../../src/supertransformer/batching';
import type { SuperDims } from '../../src/supertransformer/dims';
import { paramShapes } from '../../src/supertransformer/params';
import { SuperTransformer } from '../../src/supertransformer/super-transformer';

/** Small enough for naive loops and thousands of validations; every axis still sliced by some config below. */
export const TINY_DIMS: SuperDims = {
  vocabSize: 17,
  maxEmbedDim: 8,
  maxEncoderFfnDim: 12,
  maxDecoderFfnDim: 10,
  qkvDim: 8,
  encoderLayers: 3,
  decoderLayers: 3,
  maxPositions: 24,
};

/** Deterministic pseudo-random numbers (mulberry32), so a failing case reproduces. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A model whose every tensor (LayerNorm gains and all biases included) is random, so a wrong slice of any of them
 * changes the output: fairseq's initialisation (unit gains, zero biases) would hide slicing mistakes there.
 */
export function randomTinyModel(seed = 7, dims: SuperDims = TINY_DIMS): SuperTransformer {
  const random = seededRandom(seed);
  const values = new Map<string, tf.Tensor>();
  for (const [name, shape] of paramShapes(dims)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const scale = name.endsWith('layer_norm.weight') ? 0.5 : 0.6;
    const offset = name.endsWith('layer_norm.weight') ? 1 : 0;
    const data = Float32Array.from({ length: size }, () => offset + scale * (2 * random() - 1));
    values.set(name, tf.tensor(data, shape));
  }
  try {
    return new SuperTransformer(dims, 1, values);
  } finally {
    tf.dispose([...values.values()]);
  }
}

/** Realised-unit configs for TINY_DIMS covering every attention code, head count and width combination. */
export const TINY_CONFIGS: Record<string, SubTransformerConfig> = {
  widest: {
    encoder: { embedDim: 8, layerNum: 3, ffnEmbedDims: [12, 12, 12], selfAttentionHeads: [4, 4, 4] },
    decoder: {
      embedDim: 8,
      layerNum: 3,
      ffnEmbedDims: [10, 10, 10],
      selfAttentionHeads: [4, 4, 4],
      endeAttentionHeads: [4, 4, 4],
      arbitraryEndeAttn: [2, 2, 2],
    },
  },
  mixed: {
    encoder: { embedDim: 6, layerNum: 3, ffnEmbedDims: [12, 5, 7], selfAttentionHeads: [2, 4, 1] },
    decoder: {
      embedDim: 4,
      layerNum: 2,
      ffnEmbedDims: [3, 10],
      selfAttentionHeads: [4, 2],
      endeAttentionHeads: [1, 8],
      arbitraryEndeAttn: [2, 1],
    },
  },
  decoderWider: {
    encoder: { embedDim: 4, layerNum: 2, ffnEmbedDims: [6, 9], selfAttentionHeads: [8, 2] },
    decoder: {
      embedDim: 8,
      layerNum: 1,
      ffnEmbedDims: [4],
      selfAttentionHeads: [2],
      endeAttentionHeads: [4],
      arbitraryEndeAttn: [-1],
    },
  },
  smallest: {
    encoder: { embedDim: 2, layerNum: 1, ffnEmbedDims: [1], selfAttentionHeads: [1] },
    decoder: {
      embedDim: 2,
      layerNum: 1,
      ffnEmbedDims: [1],
      selfAttentionHeads: [1],
      endeAttentionHeads: [1],
      arbitraryEndeAttn: [-1],
    },
  },
};

/** Sentence pairs of varied lengths over the tiny vocabulary (ids 4.. ; 0-3 are the special tokens). */
export function tinyPairs(count: number, seed = 3, vocabSize = TINY_DIMS.vocabSize): IdPair[] {
  const random = seededRandom(seed);
  const word = (): number => 4 + Math.floor(random() * (vocabSize - 4));
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random() * 9);
    const source = Array.from({ length }, word);
    // A loosely source-dependent target, so the task is learnable.
    const target = source.map((id, i) => (i % 3 === 2 ? word() : 4 + ((id - 4 + 1) % (vocabSize - 4))));
    return { source, target };
  });
}
