import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import {
  assembleDeployed,
  deployedTensors,
  superTransformerSource,
  type DeployedAttention,
  type DeployedLinear,
  type DeployedNorm,
  type DeployedShape,
  type DeployedWeights,
  type WeightSource,
} from './deployed-weights';
import { MASKED_SCORE } from '../supertransformer/layers';
import { matMul } from '../tfjs/matmul';
import { POSITION_OFFSET, type SuperTransformer } from '../supertransformer/super-transformer';

const LAYER_NORM_EPSILON = 1e-5;

export interface DeployedEncoding {
  /** The last (up to) three encoder layers' outputs [B, S, dim], last layer last: all arbitrary attention reads. */
  layerOutputs: tf.Tensor3D[];
  /** Additive key mask [B, 1, 1, S], or null when no row has padding (fairseq then drops the mask too). */
  keyMask: tf.Tensor4D | null;
}

export const linear = (x: tf.Tensor2D, l: DeployedLinear): tf.Tensor2D => tf.add(matMul(x, l.weight), l.bias);

export function layerNorm(x: tf.Tensor2D, n: DeployedNorm): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)));
  return tf.add(tf.mul(normalised, n.weight), n.bias);
}

/** softmax(q kᵀ / sqrt(headDim) + mask) v with q [B, h, Tq, hd], keys already transposed [B, h, hd, Tk]. */
export function attendTransposed(
  q: tf.Tensor4D,
  keysT: tf.Tensor4D,
  values: tf.Tensor4D,
  mask: tf.Tensor | null,
): tf.Tensor4D {
  let scores = matMul(tf.mul(q, q.shape[3] ** -0.5), keysT);
  if (mask) scores = tf.add(scores, mask);
  return matMul(tf.softmax(scores), values) as tf.Tensor4D;
}

/** [B * T, h * hd] → [B, h, T, hd] */
export function headsOf(x2d: tf.Tensor2D, batch: number, length: number, heads: number): tf.Tensor4D {
  const headDim = x2d.shape[1] / heads;
  return x2d.reshape([batch, length, heads, headDim]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
}

/** [B * T, h * hd] → [B, h, hd, T]: keys in the layout the score product reads, in one transpose. */
export function keysOf(x2d: tf.Tensor2D, batch: number, length: number, heads: number): tf.Tensor4D {
  const headDim = x2d.shape[1] / heads;
  return x2d.reshape([batch, length, heads, headDim]).transpose([0, 2, 3, 1]) as tf.Tensor4D;
}

/**
 * A SubTransformer deployed on its own: every tensor at exactly the shape its config uses (deployed-weights.ts), so
 * running it copies no weights, as HAT's measured SubTransformers, exported alone, do not. Used to time HAT's
 * latency protocol faithfully; the SuperTransformer path slices its shared tensors inside every call instead.
 * Methods must run inside tf.tidy (or dispose results). Owns its tensors: call dispose().
 */
export class DeployedSubTransformer {
  private constructor(
    readonly config: SubTransformerConfig,
    readonly weights: DeployedWeights,
    readonly maxPositions: number,
  ) {}

  /** `config` (realised units) cut out of `model`, each tensor copied once. */
  static fromSuperTransformer(model: SuperTransformer, config: SubTransformerConfig): DeployedSubTransformer {
    const shape: DeployedShape = {
      vocabSize: model.dims.vocabSize,
      qkvDim: model.dims.qkvDim,
      maxPositions: model.dims.maxPositions,
      positionWidth: model.positionWidth,
    };
    const weights = assembleDeployed(config, shape, superTransformerSource(model, config));
    return new DeployedSubTransformer(config, weights, shape.maxPositions);
  }

  /**
   * `config` with random weights at its exact shapes from `source` (latency runs: values do not change the work);
   * a run makes one randomSource and builds every config from it.
   */
  static random(config: SubTransformerConfig, shape: DeployedShape, source: WeightSource): DeployedSubTransformer {
    return new DeployedSubTransformer(config, assembleDeployed(config, shape, source), shape.maxPositions);
  }

  dispose(): void {
    tf.dispose(deployedTensors(this.weights));
  }

  /** sqrt(dim) * token embedding + sinusoidal position, for `ids` [B, T] at positions start.. . */
  embed(ids: tf.Tensor2D, side: 'encoder' | 'decoder', startPosition = 0): tf.Tensor2D {
    const [batch, length] = ids.shape;
    if (startPosition + length > this.maxPositions) {
      throw new RangeError(`a sequence of ${startPosition + length} tokens exceeds the model's ${this.maxPositions}`);
    }
    const w = this.weights;
    const table = side === 'encoder' ? w.encoderTokens : w.decoderTokens;
    const positionRows = side === 'encoder' ? w.encoderPositions : w.decoderPositions;
    const dim = table.shape[0];
    // Columns of the [dim, vocab] table: dim * B * T numbers gathered, then one small transpose.
    const tokens = tf.transpose(tf.gather(table, ids.reshape([-1]), 1)) as tf.Tensor2D;
    // A gather, not a slice: tf.js's WASM slice first copies its whole input (here the whole table) out of the heap.
    const rows = tf.range(startPosition + POSITION_OFFSET, startPosition + POSITION_OFFSET + length, 1, 'int32');
    const positions = tf.gather(positionRows, rows);
    const scaled = tf.mul(tokens.reshape([batch, length, dim]), Math.sqrt(dim));
    return tf.add(scaled, positions).reshape([batch * length, dim]) as tf.Tensor2D;
  }

  /** Encoder pass over `source` [B, S]; `padded` false (no id 0 anywhere) skips the key mask, as fairseq does. */
  encode(source: tf.Tensor2D, padded = true): DeployedEncoding {
    const [batch, length] = source.shape;
    const keyMask = padded
      ? (tf.mul(tf.equal(source, 0).cast('float32'), MASKED_SCORE).reshape([batch, 1, 1, length]) as tf.Tensor4D)
      : null;
    let x = this.embed(source, 'encoder');
    const outputs: tf.Tensor3D[] = [];
    for (const layer of this.weights.encoderLayers) {
      const attended = this.selfAttention(layer.selfAttn, x, batch, length, keyMask);
      x = layerNorm(tf.add(x, attended), layer.selfAttnNorm);
      x = layerNorm(tf.add(x, ffn(x, layer.fc1, layer.fc2)), layer.finalNorm);
      outputs.push(x.reshape([batch, length, x.shape[1]]) as tf.Tensor3D);
    }
    return { layerOutputs: outputs.slice(-3), keyMask };
  }

  /** Output logits [N, vocab] of decoder states [N, dim]. */
  logits(hidden2d: tf.Tensor2D): tf.Tensor2D {
    return matMul(hidden2d, this.weights.decoderTokens);
  }

  private selfAttention(
    a: DeployedAttention,
    x2d: tf.Tensor2D,
    batch: number,
    length: number,
    keyMask: tf.Tensor4D | null,
  ): tf.Tensor2D {
    const q = headsOf(linear(x2d, a.query), batch, length, a.heads);
    const k = keysOf(linear(x2d, a.key), batch, length, a.heads);
    const v = headsOf(linear(x2d, a.value), batch, length, a.heads);
    const attended = attendTransposed(q, k, v, keyMask);
    const merged = attended.transpose([0, 2, 1, 3]).reshape([batch * length, this.weights.qkvDim]) as tf.Tensor2D;
    return linear(merged, a.out);
  }
}

export const ffn = (x: tf.Tensor2D, fc1: DeployedLinear, fc2: DeployedLinear): tf.Tensor2D =>
  linear(tf.relu(linear(x, fc1)), fc2);
