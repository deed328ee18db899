import * as tf from '@tensorflow/tfjs';
import type { SuperDims } from './dims';

/**
 * The SuperTransformer's shared tensors, named as in HAT's (fairseq's) state dict so HAT's checkpoints map onto them
 * one to one. Linear weights are stored TRANSPOSED, [in, out], because tf.js's WASM matmul is about 10x slower with
 * a transposed operand: HAT's weight[:out_s, :in_s] is our weight[:in_s, :out_s], the same numbers, so a HAT
 * checkpoint loads by transposing each linear weight once.
 */
export interface AttentionParams {
  /** [maxEmbed, 3 * qkv] (HAT's [3 qkv, maxEmbed] transposed): columns [0, qkv) Q, [qkv, 2 qkv) K, [2 qkv, 3 qkv) V. */
  inProjWeight: tf.Variable;
  inProjBias: tf.Variable;
  /** [qkv, maxEmbed] */
  outProjWeight: tf.Variable;
  outProjBias: tf.Variable;
}

export interface LayerNormParams {
  weight: tf.Variable;
  bias: tf.Variable;
}

export interface FfnParams {
  fc1Weight: tf.Variable;
  fc1Bias: tf.Variable;
  fc2Weight: tf.Variable;
  fc2Bias: tf.Variable;
}

export interface EncoderLayerParams extends FfnParams {
  selfAttn: AttentionParams;
  selfAttnLayerNorm: LayerNormParams;
  finalLayerNorm: LayerNormParams;
}

export interface DecoderLayerParams extends EncoderLayerParams {
  encoderAttn: AttentionParams;
  encoderAttnLayerNorm: LayerNormParams;
}

export interface SuperParams {
  /** [vocab, maxEmbed], shared by encoder input, decoder input and the output projection (unless below). */
  embedTokens: tf.Variable;
  /** [sourceVocab, maxEmbed]: the encoder's own table (HAT's `encoder.embed_tokens.weight`), when not shared. */
  encoderEmbedTokens?: tf.Variable;
  /** [vocab, maxEmbed]: the output projection's own table (HAT's `decoder.embed_out`), when not shared. */
  outputEmbed?: tf.Variable;
  encoderLayers: EncoderLayerParams[];
  decoderLayers: DecoderLayerParams[];
}

/** Every tensor's HAT state-dict name and stored shape ([in, out] for linear weights), in checkpoint order. */
export function paramShapes(dims: SuperDims): Array<[string, number[]]> {
  const D = dims.maxEmbedDim;
  const Q = dims.qkvDim;
  const attention = (prefix: string): Array<[string, number[]]> => [
    [`${prefix}.in_proj_weight`, [D, 3 * Q]],
    [`${prefix}.in_proj_bias`, [3 * Q]],
    [`${prefix}.out_proj.weight`, [Q, D]],
    [`${prefix}.out_proj.bias`, [D]],
  ];
  const norm = (prefix: string): Array<[string, number[]]> => [
    [`${prefix}.weight`, [D]],
    [`${prefix}.bias`, [D]],
  ];
  const ffn = (prefix: string, F: number): Array<[string, number[]]> => [
    [`${prefix}.fc1.weight`, [D, F]],
    [`${prefix}.fc1.bias`, [F]],
    [`${prefix}.fc2.weight`, [F, D]],
    [`${prefix}.fc2.bias`, [D]],
  ];
  const shapes: Array<[string, number[]]> = [['embed_tokens.weight', [dims.vocabSize, D]]];
  if (dims.sourceVocabSize !== undefined) shapes.push([SOURCE_TABLE, [dims.sourceVocabSize, D]]);
  if (dims.separateOutputTable) shapes.push([OUTPUT_TABLE, [dims.vocabSize, D]]);
  for (let i = 0; i < dims.encoderLayers; i++) {
    const p = `encoder.layers.${i}`;
    shapes.push(...attention(`${p}.self_attn`), ...norm(`${p}.self_attn_layer_norm`));
    shapes.push(...ffn(p, dims.maxEncoderFfnDim), ...norm(`${p}.final_layer_norm`));
  }
  for (let i = 0; i < dims.decoderLayers; i++) {
    const p = `decoder.layers.${i}`;
    shapes.push(...attention(`${p}.self_attn`), ...norm(`${p}.self_attn_layer_norm`));
    shapes.push(...attention(`${p}.encoder_attn`), ...norm(`${p}.encoder_attn_layer_norm`));
    shapes.push(...ffn(p, dims.maxDecoderFfnDim), ...norm(`${p}.final_layer_norm`));
  }
  return shapes;
}

/**
 * fairseq's initialisation: token embeddings N(0, maxEmbed^-0.5) with the pad row zero, Xavier-uniform linear
 * weights, zero biases, unit LayerNorm gains. `values` overrides it (a loaded checkpoint).
 */
export function createParams(dims: SuperDims, seed: number, values?: ReadonlyMap<string, tf.Tensor>): SuperParams {
  const byName = new Map<string, tf.Variable>();
  // tf.js variable names are global: a per-model prefix lets several models (tests, latency runs) coexist.
  const prefix = `super${nextModelId++}/`;
  paramShapes(dims).forEach(([name, shape], index) => {
    const given = values?.get(name);
    if (values && !given) throw new Error(`checkpoint has no tensor ${name}`);
    if (given && given.shape.join('x') !== shape.join('x')) {
      throw new Error(`checkpoint tensor ${name} has shape [${given.shape}], expected [${shape}]`);
    }
    const initial = given ?? tf.tidy(() => initialValue(name, shape, seed + index));
    byName.set(name, tf.variable(initial, true, prefix + name));
    if (!given) initial.dispose();
  });
  const v = (name: string): tf.Variable => byName.get(name) as tf.Variable;
  const attention = (p: string): AttentionParams => ({
    inProjWeight: v(`${p}.in_proj_weight`),
    inProjBias: v(`${p}.in_proj_bias`),
    outProjWeight: v(`${p}.out_proj.weight`),
    outProjBias: v(`${p}.out_proj.bias`),
  });
  const norm = (p: string): LayerNormParams => ({ weight: v(`${p}.weight`), bias: v(`${p}.bias`) });
  const encoderLayer = (p: string): EncoderLayerParams => ({
    selfAttn: attention(`${p}.self_attn`),
    selfAttnLayerNorm: norm(`${p}.self_attn_layer_norm`),
    fc1Weight: v(`${p}.fc1.weight`),
    fc1Bias: v(`${p}.fc1.bias`),
    fc2Weight: v(`${p}.fc2.weight`),
    fc2Bias: v(`${p}.fc2.bias`),
    finalLayerNorm: norm(`${p}.final_layer_norm`),
  });
  return {
    embedTokens: v('embed_tokens.weight'),
    ...(dims.sourceVocabSize !== undefined ? { encoderEmbedTokens: v(SOURCE_TABLE) } : {}),
    ...(dims.separateOutputTable ? { outputEmbed: v(OUTPUT_TABLE) } : {}),
    encoderLayers: Array.from({ length: dims.encoderLayers }, (_, i) => encoderLayer(`encoder.layers.${i}`)),
    decoderLayers: Array.from({ length: dims.decoderLayers }, (_, i) => ({
      ...encoderLayer(`decoder.layers.${i}`),
      encoderAttn: attention(`decoder.layers.${i}.encoder_attn`),
      encoderAttnLayerNorm: norm(`decoder.layers.${i}.encoder_attn_layer_norm`),
    })),
  };
}

let nextModelId = 1;

/** Names of the optional tables (HAT's state-dict names): the shared one keeps `embed_tokens.weight`. */
export const SOURCE_TABLE = 'encoder.embed_tokens.weight';
export const OUTPUT_TABLE = 'decoder.embed_out';
const TABLES = new Set(['embed_tokens.weight', SOURCE_TABLE, OUTPUT_TABLE]);

/** Whether a HAT state-dict name belongs to the encoder's layers (the shared token table is the decoder's too). */
export function isEncoderVariable(name: string): boolean {
  return name.startsWith('encoder.');
}

/** A variable's HAT state-dict name (its tf.js name without the per-model prefix). */
export function hatName(variable: tf.Variable): string {
  return variable.name.slice(variable.name.indexOf('/') + 1);
}

function initialValue(name: string, shape: number[], seed: number): tf.Tensor {
  if (TABLES.has(name)) {
    const [vocab, dim] = shape as [number, number];
    const table = tf.randomNormal([vocab, dim], 0, dim ** -0.5, 'float32', seed);
    // Row 0 is <pad>: fairseq keeps it at zero.
    return tf.concat([tf.zeros([1, dim]), table.slice([1, 0], [vocab - 1, dim])]);
  }
  if (name.endsWith('layer_norm.weight')) return tf.ones(shape);
  if (shape.length === 1) return tf.zeros(shape);
  const [fanIn, fanOut] = shape as [number, number];
  // fairseq initialises the packed Q/K/V weight as three separate [qkv, in] matrices.
  const fanOutEach = name.endsWith('in_proj_weight') ? fanOut / 3 : fanOut;
  const limit = Math.sqrt(6 / (fanIn + fanOutEach));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}

/** Every variable with its HAT name, in checkpoint order. */
export function namedVariables(params: SuperParams): Array<[string, tf.Variable]> {
  const all: tf.Variable[] = [params.embedTokens];
  if (params.encoderEmbedTokens) all.push(params.encoderEmbedTokens);
  if (params.outputEmbed) all.push(params.outputEmbed);
  const attention = (a: AttentionParams): tf.Variable[] => [
    a.inProjWeight,
    a.inProjBias,
    a.outProjWeight,
    a.outProjBias,
  ];
  const norm = (n: LayerNormParams): tf.Variable[] => [n.weight, n.bias];
  const ffn = (l: FfnParams): tf.Variable[] => [l.fc1Weight, l.fc1Bias, l.fc2Weight, l.fc2Bias];
  for (const l of params.encoderLayers) {
    all.push(...attention(l.selfAttn), ...norm(l.selfAttnLayerNorm), ...ffn(l), ...norm(l.finalLayerNorm));
  }
  for (const l of params.decoderLayers) {
    all.push(...attention(l.selfAttn), ...norm(l.selfAttnLayerNorm));
    all.push(...attention(l.encoderAttn), ...norm(l.encoderAttnLayerNorm));
    all.push(...ffn(l), ...norm(l.finalLayerNorm));
  }
  return all.map((variable) => [hatName(variable), variable]);
}

export function disposeParams(params: SuperParams): void {
  for (const [, variable] of namedVariables(params)) variable.dispose();
}
