import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import type { SuperDims } from './dims';
import { namedVariables, OUTPUT_TABLE, paramShapes, SOURCE_TABLE } from './params';
import { SuperTransformer } from './super-transformer';

/** The dims of the compact model holding exactly what `config` (realised, width-scaled units) uses. */
export function compactDims(model: SuperTransformer, config: SubTransformerConfig): SuperDims {
  const { encoder: e, decoder: d } = config;
  return {
    vocabSize: model.dims.vocabSize,
    maxEmbedDim: Math.max(e.embedDim, d.embedDim),
    maxEncoderFfnDim: Math.max(...e.ffnEmbedDims.slice(0, e.layerNum)),
    maxDecoderFfnDim: Math.max(...d.ffnEmbedDims.slice(0, d.layerNum)),
    qkvDim: model.dims.qkvDim,
    encoderLayers: e.layerNum,
    decoderLayers: d.layerNum,
    maxPositions: model.dims.maxPositions,
    ...(model.dims.sourceVocabSize !== undefined ? { sourceVocabSize: model.dims.sourceVocabSize } : {}),
    ...(model.dims.separateOutputTable ? { separateOutputTable: true } : {}),
  };
}

/**
 * The width each of a layer's tensor axes really uses in `config`, by HAT state-dict name: the leading slice the
 * SuperTransformer path reads (spec section 3). Everything past it is never read by `config`.
 */
function usedShape(name: string, storedShape: number[], config: SubTransformerConfig, dims: SuperDims): number[] {
  const { encoder: e, decoder: d } = config;
  if (name === 'embed_tokens.weight' || name === OUTPUT_TABLE) return [dims.vocabSize, dims.maxEmbedDim];
  if (name === SOURCE_TABLE) return [dims.sourceVocabSize!, dims.maxEmbedDim];
  const match = /^(encoder|decoder)\.layers\.(\d+)\.(.+)$/.exec(name);
  if (!match) throw new Error(`unexpected tensor ${name}`);
  const side = match[1] === 'encoder' ? e : d;
  const layer = Number(match[2]);
  const rest = match[3]!;
  const dim = side.embedDim;
  const ffn = side.ffnEmbedDims[layer]!;
  const qkv3 = 3 * dims.qkvDim;
  if (rest.endsWith('in_proj_weight')) return [dim, qkv3];
  if (rest.endsWith('in_proj_bias')) return [qkv3];
  if (rest.endsWith('out_proj.weight')) return [dims.qkvDim, dim];
  if (rest.endsWith('fc1.weight')) return [dim, ffn];
  if (rest.endsWith('fc1.bias')) return [ffn];
  if (rest.endsWith('fc2.weight')) return [ffn, dim];
  // out_proj.bias, fc2.bias and LayerNorm weight/bias: one entry per embed column.
  if (storedShape.length === 1) return [dim];
  throw new Error(`unexpected tensor ${name}`);
}

/**
 * Cuts the SubTransformer `config` (realised, width-scaled units, as SuperTransformer.forward takes) out of `model`
 * as a standalone compact model: only the layers it runs, each tensor's exact leading slice copied into a tensor of
 * the compact model's shape (zero beyond the slice where its layers differ in width, and never read). The compact
 * model keeps the SuperTransformer's sinusoidal table width, so `config` gives the same outputs on it. Dispose it.
 */
export function extractSubTransformer(model: SuperTransformer, config: SubTransformerConfig): SuperTransformer {
  model.check(config);
  const dims = compactDims(model, config);
  const source = new Map(namedVariables(model.params));
  const values = new Map<string, tf.Tensor>();
  try {
    for (const [name, shape] of paramShapes(dims)) {
      const variable = source.get(name);
      if (!variable) throw new Error(`the SuperTransformer has no tensor ${name}`);
      if (name.endsWith('encoder_attn.in_proj_weight')) {
        values.set(name, crossInProjection(variable, shape, config, dims.qkvDim));
        continue;
      }
      const used = usedShape(name, shape, config, dims);
      values.set(
        name,
        tf.tidy(() => {
          const slice = variable.slice(
            used.map(() => 0),
            used,
          );
          return tf.pad(
            slice,
            shape.map((size, axis) => [0, size - used[axis]!] as [number, number]),
          );
        }),
      );
    }
    return new SuperTransformer(dims, 1, values, model.positionWidth, model.semantics);
  } finally {
    tf.dispose([...values.values()]);
  }
}

/** Cross-attention's packed weight: Q reads the decoder's embed rows, K and V the encoder's (layers.ts). */
function crossInProjection(
  variable: tf.Variable,
  shape: number[],
  config: SubTransformerConfig,
  qkvDim: number,
): tf.Tensor {
  const rows = shape[0]!;
  return tf.tidy(() => {
    const part = (inDim: number, column: number): tf.Tensor =>
      tf.pad(variable.slice([0, column], [inDim, qkvDim]), [
        [0, rows - inDim],
        [0, 0],
      ]);
    return tf.concat(
      [
        part(config.decoder.embedDim, 0),
        part(config.encoder.embedDim, qkvDim),
        part(config.encoder.embedDim, 2 * qkvDim),
      ],
      1,
    );
  });
}
