import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { BOS_ID, EOS_ID, PAD_ID } from '../data/bpe';
import { attendedEncoderLayers, configMismatch, type SuperDims } from './dims';
import { embedTokens } from './embedding';
import { matMul, transposeLast } from '../tfjs/matmul';
import { memoisedWeight, weightSlice } from '../tfjs/weight-slices';
import {
  attend,
  MASKED_SCORE,
  mergeHeads,
  projectKeyValue,
  projectOut,
  projectQkv,
  projectQuery,
  sinusoidalTable,
  slicedFfn,
  slicedLayerNorm,
  splitHeads,
} from './layers';
import {
  createParams,
  disposeParams,
  namedVariables,
  type DecoderLayerParams,
  type LayerNormParams,
  type SuperParams,
} from './params';

/** fairseq numbers positions from padding_idx + 1 = 2, so HAT's tables line up with ours at this offset. */
export const POSITION_OFFSET = 2;

export interface ForwardOptions {
  /** Dropout of the SuperTransformer; a SubTransformer uses p * embed / maxEmbed (HAT). 0 = evaluation. */
  dropout?: number;
  seed?: number;
  /** Set when gradients will be taken (training): the token lookup then uses its WASM-friendly gradient. */
  training?: boolean;
  /**
   * Sees each encoder layer's sublayer outputs [B * S, dim], before their residual sums (diagnostics: a sublayer
   * that adds one large vector at every position leaves the layer norm nothing of the tokens).
   */
  inspectEncoder?: (layer: number, outputs: { selfAttention: tf.Tensor2D; ffn: tf.Tensor2D }) => void;
}

/**
 * Conventions that differ between the demo model and fairseq checkpoints. The model computes the same functions
 * either way; these only say which ids are special and which embed scale HAT's options chose.
 */
export interface ModelSemantics {
  padId: number;
  /** First decoder input when generating: the demo's <s>; fairseq starts from </s>. */
  decoderStartId: number;
  eosId: number;
  /**
   * 'sample': tokens are scaled by sqrt(the SubTransformer's embed dim) (HAT's default); 'super': by sqrt(the
   * SuperTransformer's), HAT's --vocab-original-scaling.
   */
  embedScale: 'sample' | 'super';
}

export const DEMO_SEMANTICS: ModelSemantics = {
  padId: PAD_ID,
  decoderStartId: BOS_ID,
  eosId: EOS_ID,
  embedScale: 'sample',
};

/** A batch of token ids, padded with the model's pad id on the right. */
export interface TokenBatch {
  /** [B, S] source ids, each row ending in </s>. */
  source: tf.Tensor2D;
  /** [B, T] decoder input: <s> then the target. */
  targetIn: tf.Tensor2D;
}

/** Keys and values [B, heads, Tk, headDim] a cross-attention reads, with their additive key mask. */
export interface CrossKeyValue {
  k: tf.Tensor4D;
  v: tf.Tensor4D;
  keyMask: tf.Tensor4D;
}

export interface EncoderOutput {
  /** Outputs of every used encoder layer, [B, S, encoderEmbed] each, last layer last. */
  layerOutputs: tf.Tensor3D[];
  /** Additive key mask [B, 1, 1, S]: 0 for tokens, MASKED_SCORE for padding. */
  keyMask: tf.Tensor4D;
}

/**
 * HAT's weight-shared SuperTransformer: post-norm encoder-decoder Transformer whose every SubTransformer runs on the
 * leading slices of the shared tensors (spec section 3). All methods must run inside tf.tidy (or dispose results).
 */
export class SuperTransformer {
  readonly params: SuperParams;
  private readonly positions: tf.Tensor2D;

  /**
   * `positionWidth` is the width the sinusoidal table is built for before slicing (spec section 3: the super width);
   * a SubTransformer cut out as a compact model keeps its SuperTransformer's, so its positions stay the same.
   */
  constructor(
    readonly dims: SuperDims,
    seed = 1,
    values?: ReadonlyMap<string, tf.Tensor>,
    readonly positionWidth = dims.maxEmbedDim,
    readonly semantics: ModelSemantics = DEMO_SEMANTICS,
  ) {
    if (positionWidth % 2 !== 0) throw new RangeError('the embed dim must be even for sinusoidal positions');
    if (positionWidth < dims.maxEmbedDim) throw new RangeError('the position table must cover the embed dim');
    this.params = createParams(dims, seed, values);
    this.positions = tf.keep(
      tf.tensor2d(sinusoidalTable(dims.maxPositions + POSITION_OFFSET, positionWidth), [
        dims.maxPositions + POSITION_OFFSET,
        positionWidth,
      ]),
    );
  }

  dispose(): void {
    disposeParams(this.params);
    this.positions.dispose();
  }

  variables(): tf.Variable[] {
    return namedVariables(this.params).map(([, variable]) => variable);
  }

  /** Throws a RangeError naming the problem when `config` (already width-scaled) cannot run on this model. */
  check(config: SubTransformerConfig): void {
    const mismatch = configMismatch(config, this.dims);
    if (mismatch) throw new RangeError(mismatch);
  }

  /**
   * scale * token embedding + sinusoidal position, for positions start.. of `ids` [B, T]; the source side reads the
   * encoder's table where it has its own.
   */
  embed(
    ids: tf.Tensor2D,
    dim: number,
    startPosition = 0,
    options: ForwardOptions = {},
    side: 'source' | 'target' = 'target',
  ): tf.Tensor3D {
    const [batch, length] = ids.shape;
    if (startPosition + length > this.dims.maxPositions) {
      throw new RangeError(
        `a sequence of ${startPosition + length} tokens exceeds the model's ${this.dims.maxPositions}`,
      );
    }
    const table =
      side === 'source' ? (this.params.encoderEmbedTokens ?? this.params.embedTokens) : this.params.embedTokens;
    const tokens = embedTokens(table, ids.reshape([-1]) as tf.Tensor1D, dim, options.training ?? false);
    const positions = weightSlice(this.positions, [startPosition + POSITION_OFFSET, 0], [length, dim]);
    const scale = Math.sqrt(this.semantics.embedScale === 'super' ? this.dims.maxEmbedDim : dim);
    const x = tf.add(tf.mul(tokens.reshape([batch, length, dim]), scale), positions) as tf.Tensor3D;
    return this.dropout(x, dim, options);
  }

  encode(config: SubTransformerConfig, source: tf.Tensor2D, options: ForwardOptions = {}): EncoderOutput {
    this.check(config);
    const { embedDim: dim, layerNum } = config.encoder;
    const [batch, length] = source.shape;
    const keyMask = tf
      .mul(tf.equal(source, this.semantics.padId).cast('float32'), MASKED_SCORE)
      .reshape([batch, 1, 1, length]) as tf.Tensor4D;
    let x = this.embed(source, dim, 0, options, 'source');
    const layerOutputs: tf.Tensor3D[] = [];
    for (let i = 0; i < layerNum; i++) {
      const input = x;
      x = this.layerScope(options, () => this.encoderLayer(config, i, input, keyMask, options));
      layerOutputs.push(x);
    }
    return { layerOutputs, keyMask };
  }

  /**
   * Runs one layer's work in a tidy of its own outside training, so only its output outlives it: a full-size
   * SuperTransformer's layer makes 100-250 MB of intermediates for a 2k-token batch, and twelve of them at once
   * passed what tf.js's WASM heap can address.
   */
  private layerScope<T extends tf.Tensor>(options: ForwardOptions, body: () => T): T {
    return options.training || options.inspectEncoder ? body() : tf.tidy(body);
  }

  private encoderLayer(
    config: SubTransformerConfig,
    i: number,
    x: tf.Tensor3D,
    keyMask: tf.Tensor4D,
    options: ForwardOptions,
  ): tf.Tensor3D {
    const { embedDim: dim } = config.encoder;
    const [batch, length] = x.shape;
    const p = this.params.encoderLayers[i]!;
    const heads = config.encoder.selfAttentionHeads[i]!;
    const x2d = x.reshape([batch * length, dim]) as tf.Tensor2D;
    const [q, k, v] = projectQkv(p.selfAttn, x2d, dim, this.dims.qkvDim);
    const attended = attend(
      splitHeads(q, batch, length, heads),
      splitHeads(k, batch, length, heads),
      splitHeads(v, batch, length, heads),
      keyMask,
    );
    const selfAttention = projectOut(p.selfAttn, mergeHeads(attended), dim, this.dims.qkvDim);
    let h = slicedLayerNorm(
      tf.add(x2d, this.dropout(selfAttention, dim, options)),
      p.selfAttnLayerNorm,
      dim,
    ) as tf.Tensor2D;
    const ffn = slicedFfn(h, p, dim, config.encoder.ffnEmbedDims[i]!);
    options.inspectEncoder?.(i, { selfAttention, ffn });
    h = slicedLayerNorm(tf.add(h, this.dropout(ffn, dim, options)), p.finalLayerNorm, dim) as tf.Tensor2D;
    return h.reshape([batch, length, dim]) as tf.Tensor3D;
  }

  /**
   * Keys/values a decoder layer's cross-attention reads: the last encoder output concatenated in time with the
   * second- (and third-) last for arbitrary attention codes 1 (and 2), with the padding mask repeated to match.
   * As in HAT, "last" counts the SuperTransformer's layers, the unused ones passing their input on unchanged: with
   * 6 super layers and a 4-layer config, code 1 reads layer 4 twice, not layers 4 and 3.
   */
  crossAttentionMemory(encoded: EncoderOutput, code: number): { memory: tf.Tensor3D; keyMask: tf.Tensor4D } {
    const count = attendedEncoderLayers(code);
    const outputs = encoded.layerOutputs;
    const superLayers = Math.max(this.dims.encoderLayers, outputs.length);
    if (count > superLayers) throw new RangeError(`attention code ${code} needs ${count} encoder layers`);
    if (count === 1) return { memory: outputs[outputs.length - 1]!, keyMask: encoded.keyMask };
    const chosen = Array.from({ length: count }, (_, j) => outputs[Math.min(outputs.length - 1, superLayers - 1 - j)]!);
    return {
      memory: tf.concat(chosen, 1) as tf.Tensor3D,
      keyMask: tf.concat(
        Array.from({ length: count }, () => encoded.keyMask),
        3,
      ) as tf.Tensor4D,
    };
  }

  /** Teacher-forced decoder: hidden states [B * T, decoderEmbed] of `targetIn` [B, T]. */
  decode(
    config: SubTransformerConfig,
    encoded: EncoderOutput,
    targetIn: tf.Tensor2D,
    options: ForwardOptions = {},
  ): tf.Tensor2D {
    const { embedDim: dim, layerNum } = config.decoder;
    const [batch, length] = targetIn.shape;
    const causal = tf.tidy(() =>
      tf
        .mul(tf.sub(1, tf.linalg.bandPart(tf.ones([length, length]), -1, 0)), MASKED_SCORE)
        .reshape([1, 1, length, length]),
    );
    let x2d = this.embed(targetIn, dim, 0, options).reshape([batch * length, dim]) as tf.Tensor2D;
    for (let i = 0; i < layerNum; i++) {
      const input = x2d;
      x2d = this.layerScope(options, () =>
        this.decoderLayer(config, i, input, encoded, causal, batch, length, options),
      );
    }
    return x2d;
  }

  private decoderLayer(
    config: SubTransformerConfig,
    i: number,
    input: tf.Tensor2D,
    encoded: EncoderOutput,
    causal: tf.Tensor,
    batch: number,
    length: number,
    options: ForwardOptions,
  ): tf.Tensor2D {
    const { embedDim: dim } = config.decoder;
    const qkv = this.dims.qkvDim;
    let x2d = input;
    const p = this.params.decoderLayers[i]!;
    const selfHeads = config.decoder.selfAttentionHeads[i]!;
    const [q, k, v] = projectQkv(p.selfAttn, x2d, dim, qkv);
    const selfAttended = attend(
      splitHeads(q, batch, length, selfHeads),
      splitHeads(k, batch, length, selfHeads),
      splitHeads(v, batch, length, selfHeads),
      causal,
    );
    x2d = this.residualNorm(
      x2d,
      projectOut(p.selfAttn, mergeHeads(selfAttended), dim, qkv),
      p.selfAttnLayerNorm,
      dim,
      options,
    );
    x2d = this.crossAttentionBlock(
      p,
      x2d,
      batch,
      length,
      config,
      i,
      this.crossKeyValue(p, config, encoded, i),
      options,
    );
    return this.residualNorm(
      x2d,
      slicedFfn(x2d, p, dim, config.decoder.ffnEmbedDims[i]!),
      p.finalLayerNorm,
      dim,
      options,
    );
  }

  /** Cross-attention of decoder layer `i` over keys/values `kv`, plus its residual and LayerNorm. */
  crossAttentionBlock(
    p: DecoderLayerParams,
    x2d: tf.Tensor2D,
    batch: number,
    queryLength: number,
    config: SubTransformerConfig,
    i: number,
    kv: CrossKeyValue,
    options: ForwardOptions = {},
  ): tf.Tensor2D {
    const dim = config.decoder.embedDim;
    const heads = config.decoder.endeAttentionHeads[i]!;
    const qkv = this.dims.qkvDim;
    const q = splitHeads(projectQuery(p.encoderAttn, x2d, dim, qkv), batch, queryLength, heads);
    const attended = attend(q, kv.k, kv.v, kv.keyMask);
    return this.residualNorm(
      x2d,
      projectOut(p.encoderAttn, mergeHeads(attended), dim, qkv),
      p.encoderAttnLayerNorm,
      dim,
      options,
    );
  }

  /** Cross-attention keys and values of decoder layer `i` (computed once per source in incremental decoding). */
  crossKeyValue(p: DecoderLayerParams, config: SubTransformerConfig, encoded: EncoderOutput, i: number): CrossKeyValue {
    const heads = config.decoder.endeAttentionHeads[i]!;
    const encoderDim = config.encoder.embedDim;
    const { memory, keyMask } = this.crossAttentionMemory(encoded, config.decoder.arbitraryEndeAttn[i]!);
    const [batch, memoryLength] = memory.shape;
    const [k, v] = projectKeyValue(
      p.encoderAttn,
      memory.reshape([batch * memoryLength, encoderDim]) as tf.Tensor2D,
      encoderDim,
      this.dims.qkvDim,
    );
    return {
      k: splitHeads(k, batch, memoryLength, heads),
      v: splitHeads(v, batch, memoryLength, heads),
      keyMask,
    };
  }

  residualNorm(
    x2d: tf.Tensor2D,
    sublayer: tf.Tensor2D,
    norm: LayerNormParams,
    dim: number,
    options: ForwardOptions,
  ): tf.Tensor2D {
    return slicedLayerNorm(tf.add(x2d, this.dropout(sublayer, dim, options)), norm, dim) as tf.Tensor2D;
  }

  /** Output logits [N, vocab] through the transposed shared table, sliced to the decoder's embed dim. */
  logits(hidden2d: tf.Tensor2D, dim: number): tf.Tensor2D {
    const table = this.params.outputEmbed ?? this.params.embedTokens;
    const projection = memoisedWeight(`${table.id}:transposed:${dim}`, () =>
      transposeLast(table.slice([0, 0], [this.dims.vocabSize, dim])),
    );
    return matMul(hidden2d, projection);
  }

  /** Teacher-forced logits [B * T, vocab] of a whole batch. */
  forward(config: SubTransformerConfig, batch: TokenBatch, options: ForwardOptions = {}): tf.Tensor2D {
    const encoded = this.encode(config, batch.source, options);
    return this.logits(this.decode(config, encoded, batch.targetIn, options), config.decoder.embedDim);
  }

  private dropout<T extends tf.Tensor>(x: T, dim: number, options: ForwardOptions): T {
    const p = (options.dropout ?? 0) * (dim / this.dims.maxEmbedDim);
    if (p <= 0) return x;
    return tf.dropout(x, p, undefined, options.seed) as T;
  }
}
