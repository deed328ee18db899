import * as tf from '@tensorflow/tfjs';
import {
  attendTransposed,
  ffn,
  headsOf,
  keysOf,
  layerNorm,
  linear,
  type DeployedEncoding,
  type DeployedSubTransformer,
} from './deployed-transformer';

interface LayerCache {
  /** Self-attention keys [B, h, hd, t] (stored transposed for the score product) and values [B, h, t, hd]. */
  keysT: tf.Tensor4D | null;
  values: tf.Tensor4D | null;
  crossKeysT: tf.Tensor4D;
  crossValues: tf.Tensor4D;
  crossMask: tf.Tensor4D | null;
}

/**
 * fairseq's incremental decoding on a deployed SubTransformer: cross-attention keys/values are computed once (here,
 * on construction, as fairseq does on the first step), and each step projects one token per row, appends its key and
 * value to the cache (the one copy per step fairseq makes too, torch.cat) and runs the output projection. With one
 * new position per step, every head split and merge is a reshape, not a copy. Owns its tensors: call dispose().
 */
export class DeployedDecoder {
  private readonly layers: LayerCache[];
  private position = 0;

  constructor(
    private readonly model: DeployedSubTransformer,
    encoded: DeployedEncoding,
  ) {
    const outputs = encoded.layerOutputs;
    this.layers = model.weights.decoderLayers.map((layer) => {
      const count = layer.attendedLayers;
      if (count > outputs.length) throw new RangeError(`cross-attention needs ${count} encoder layers`);
      const a = layer.crossAttn;
      const mask = encoded.keyMask;
      const [crossKeysT, crossValues] = tf.tidy(() => {
        // The last encoder layer first, then the earlier ones, concatenated in time (SuperTransformer's order).
        const chosen = Array.from({ length: count }, (_, j) => outputs[outputs.length - 1 - j]!);
        const memory = count === 1 ? chosen[0]! : (tf.concat(chosen, 1) as tf.Tensor3D);
        const [batch, length, dim] = memory.shape;
        const memory2d = memory.reshape([batch * length, dim]) as tf.Tensor2D;
        return [
          keysOf(linear(memory2d, a.key), batch, length, a.heads),
          headsOf(linear(memory2d, a.value), batch, length, a.heads),
        ];
      });
      // The mask repeated per attended layer (a clone for one): the cache owns what it disposes, the caller the encoding.
      const crossMask = mask
        ? (tf.tidy(() => tf.concat(Array<tf.Tensor4D>(count).fill(mask), 3)) as tf.Tensor4D)
        : null;
      return { keysT: null, values: null, crossKeysT, crossValues, crossMask };
    });
  }

  get steps(): number {
    return this.position;
  }

  /** Logits [B, vocab] for the next token after `tokens` [B] (int32); the cache grows by one position. */
  step(tokens: tf.Tensor1D): tf.Tensor2D {
    const { model } = this;
    const batch = tokens.shape[0];
    const qkv = model.weights.qkvDim;
    const grown: tf.Tensor4D[] = [];
    const logits = tf.tidy(() => {
      let x = model.embed(tokens.reshape([batch, 1]), 'decoder', this.position);
      model.weights.decoderLayers.forEach((layer, i) => {
        const cache = this.layers[i]!;
        const self = layer.selfAttn;
        const headDim = qkv / self.heads;
        const q = linear(x, self.query).reshape([batch, self.heads, 1, headDim]) as tf.Tensor4D;
        const k = linear(x, self.key).reshape([batch, self.heads, headDim, 1]) as tf.Tensor4D;
        const v = linear(x, self.value).reshape([batch, self.heads, 1, headDim]) as tf.Tensor4D;
        const keysT = cache.keysT ? (tf.concat([cache.keysT, k], 3) as tf.Tensor4D) : k;
        const values = cache.values ? (tf.concat([cache.values, v], 2) as tf.Tensor4D) : v;
        grown.push(tf.keep(keysT), tf.keep(values));
        const attended = attendTransposed(q, keysT, values, null).reshape([batch, qkv]) as tf.Tensor2D;
        x = layerNorm(tf.add(x, linear(attended, self.out)), layer.selfAttnNorm);

        const cross = layer.crossAttn;
        const crossHeadDim = qkv / cross.heads;
        const cq = linear(x, cross.query).reshape([batch, cross.heads, 1, crossHeadDim]) as tf.Tensor4D;
        const crossAttended = attendTransposed(cq, cache.crossKeysT, cache.crossValues, cache.crossMask);
        x = layerNorm(tf.add(x, linear(crossAttended.reshape([batch, qkv]), cross.out)), layer.crossAttnNorm);
        x = layerNorm(tf.add(x, ffn(x, layer.fc1, layer.fc2)), layer.finalNorm);
      });
      return model.logits(x);
    });
    this.layers.forEach((cache, i) => {
      tf.dispose([cache.keysT, cache.values].filter((t): t is tf.Tensor4D => t !== null));
      cache.keysT = grown[2 * i]!;
      cache.values = grown[2 * i + 1]!;
    });
    this.position++;
    return logits;
  }

  dispose(): void {
    for (const c of this.layers) {
      tf.dispose([c.keysT, c.values, c.crossKeysT, c.crossValues, c.crossMask].filter((t) => t !== null));
    }
  }
}
