import * as tf from '@tensorflow/tfjs';
import { matMul, transposeLast } from '../tfjs/matmul';
import { weightSlice } from '../tfjs/weight-slices';
import type { AttentionParams, FfnParams, LayerNormParams } from './params';

/** A large negative score: masked keys get zero weight after the softmax, without the NaN an -Infinity row gives. */
export const MASKED_SCORE = -1e9;
const LAYER_NORM_EPSILON = 1e-5;

/**
 * x [N, inDim] through the leading slice of an [in, out] weight: HAT's weight[offset:offset + out, :in], stored
 * transposed (see params.ts).
 */
export function slicedLinear(
  x: tf.Tensor2D,
  weight: tf.Tensor,
  bias: tf.Tensor,
  outDim: number,
  inDim: number,
  outOffset = 0,
): tf.Tensor2D {
  const w = weightSlice(weight, [0, outOffset], [inDim, outDim]) as tf.Tensor2D;
  return tf.add(matMul(x, w), weightSlice(bias, [outOffset], [outDim]));
}

export function slicedLayerNorm(x: tf.Tensor, norm: LayerNormParams, dim: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)));
  return tf.add(tf.mul(normalised, weightSlice(norm.weight, [0], [dim])), weightSlice(norm.bias, [0], [dim]));
}

/** ReLU FFN through the leading fc1 [dim, ffnDim] and fc2 [ffnDim, dim] slices. */
export function slicedFfn(x2d: tf.Tensor2D, params: FfnParams, dim: number, ffnDim: number): tf.Tensor2D {
  const hidden = tf.relu(slicedLinear(x2d, params.fc1Weight, params.fc1Bias, ffnDim, dim));
  return slicedLinear(hidden, params.fc2Weight, params.fc2Bias, dim, ffnDim);
}

/** [B, T, heads * headDim] → [B, heads, T, headDim] */
export function splitHeads(x2d: tf.Tensor2D, batch: number, length: number, heads: number): tf.Tensor4D {
  const headDim = (x2d.shape[1] as number) / heads;
  return x2d.reshape([batch, length, heads, headDim]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
}

/** [B, heads, T, headDim] → [B * T, heads * headDim] */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor2D {
  const [batch, heads, length, headDim] = x.shape;
  return x.transpose([0, 2, 1, 3]).reshape([batch * length, heads * headDim]) as tf.Tensor2D;
}

/** Scaled dot-product attention over split heads; `mask` is additive and broadcasts to [B, heads, Tq, Tk]. */
export function attend(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor | null): tf.Tensor4D {
  const headDim = q.shape[3];
  let scores = matMul(tf.mul(q, headDim ** -0.5), transposeLast(k));
  if (mask) scores = tf.add(scores, mask);
  return matMul(tf.softmax(scores), v) as tf.Tensor4D;
}

/** Q of one attention block: the first qkv columns of the packed weight, input sliced to `inDim`. */
export function projectQuery(p: AttentionParams, x2d: tf.Tensor2D, inDim: number, qkvDim: number): tf.Tensor2D {
  return slicedLinear(x2d, p.inProjWeight, p.inProjBias, qkvDim, inDim, 0);
}

/**
 * K and V of one attention block from `x2d`, as two products on column slices of the packed weight: splitting one
 * [N, 2 qkv] product costs a strided copy (SplitV was 15 % of a WASM training step).
 */
export function projectKeyValue(
  p: AttentionParams,
  x2d: tf.Tensor2D,
  inDim: number,
  qkvDim: number,
): [tf.Tensor2D, tf.Tensor2D] {
  return [
    slicedLinear(x2d, p.inProjWeight, p.inProjBias, qkvDim, inDim, qkvDim),
    slicedLinear(x2d, p.inProjWeight, p.inProjBias, qkvDim, inDim, 2 * qkvDim),
  ];
}

/** Q, K and V of a self-attention block. */
export function projectQkv(
  p: AttentionParams,
  x2d: tf.Tensor2D,
  inDim: number,
  qkvDim: number,
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  return [projectQuery(p, x2d, inDim, qkvDim), ...projectKeyValue(p, x2d, inDim, qkvDim)];
}

export function projectOut(p: AttentionParams, attended2d: tf.Tensor2D, outDim: number, qkvDim: number): tf.Tensor2D {
  return slicedLinear(attended2d, p.outProjWeight, p.outProjBias, outDim, qkvDim);
}

/**
 * fairseq's sinusoidal table for `dim` columns: first half sines, second half cosines. Computed in float32 as
 * fairseq does (each product and function rounded to float32), which moves angles at position 100 by up to 1e-5
 * against float64 arithmetic.
 */
export function sinusoidalTable(positions: number, dim: number): Float32Array {
  const f32 = Math.fround;
  const half = dim / 2;
  const step = f32(-(Math.log(10000) / (half - 1)));
  const frequencies = Array.from({ length: half }, (_, i) => f32(Math.exp(f32(i * step))));
  const table = new Float32Array(positions * dim);
  for (let pos = 0; pos < positions; pos++) {
    for (let i = 0; i < half; i++) {
      const angle = f32(pos * frequencies[i]!);
      table[pos * dim + i] = Math.sin(angle);
      table[pos * dim + half + i] = Math.cos(angle);
    }
  }
  return table;
}
