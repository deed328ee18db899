import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { attend, mergeHeads, projectOut, projectQkv, slicedFfn, splitHeads } from './layers';
import type { EncoderOutput, SuperTransformer } from './super-transformer';

interface LayerCache {
  /** [B, heads, t, headDim], grown by one position per step. */
  selfKey: tf.Tensor4D | null;
  selfValue: tf.Tensor4D | null;
  crossKey: tf.Tensor4D;
  crossValue: tf.Tensor4D;
  crossMask: tf.Tensor4D;
}

/**
 * Autoregressive decoding with a key/value cache: each step embeds one token per row, attends over the cached
 * keys/values of earlier steps, and cross-attends over encoder keys/values computed once. `reorder` follows beam
 * search's choice of parent rows. Owns its tensors: call dispose().
 */
export class IncrementalDecoder {
  private readonly layers: LayerCache[];
  private position = 0;

  constructor(
    private readonly model: SuperTransformer,
    private readonly config: SubTransformerConfig,
    encoded: EncoderOutput,
  ) {
    this.layers = Array.from({ length: config.decoder.layerNum }, (_, i) => {
      const cross = tf.tidy(() => {
        const { k, v, keyMask } = model.crossKeyValue(model.params.decoderLayers[i]!, config, encoded, i);
        // For code -1 the mask is the encoder's own tensor: the cache takes a clone, so dispose() leaves it alone.
        return [k, v, keyMask.clone()] as const;
      });
      return { selfKey: null, selfValue: null, crossKey: cross[0], crossValue: cross[1], crossMask: cross[2] };
    });
  }

  get steps(): number {
    return this.position;
  }

  /** Logits [B, vocab] for the next token after `tokens` [B] (int32), and the cache grows by one position. */
  step(tokens: tf.Tensor1D): tf.Tensor2D {
    const { model, config } = this;
    const dim = config.decoder.embedDim;
    const qkv = model.dims.qkvDim;
    const batch = tokens.shape[0];
    const grown: tf.Tensor4D[] = [];
    const logits = tf.tidy(() => {
      let x2d = model.embed(tokens.reshape([batch, 1]), dim, this.position).reshape([batch, dim]) as tf.Tensor2D;
      this.layers.forEach((cache, i) => {
        const p = model.params.decoderLayers[i]!;
        const heads = config.decoder.selfAttentionHeads[i]!;
        const [q, k, v] = projectQkv(p.selfAttn, x2d, dim, qkv);
        const newKey = splitHeads(k, batch, 1, heads);
        const newValue = splitHeads(v, batch, 1, heads);
        const keys = cache.selfKey ? tf.concat([cache.selfKey, newKey], 2) : newKey;
        const values = cache.selfValue ? tf.concat([cache.selfValue, newValue], 2) : newValue;
        grown.push(tf.keep(keys as tf.Tensor4D), tf.keep(values as tf.Tensor4D));
        const attended = attend(splitHeads(q, batch, 1, heads), keys as tf.Tensor4D, values as tf.Tensor4D, null);
        x2d = model.residualNorm(
          x2d,
          projectOut(p.selfAttn, mergeHeads(attended), dim, qkv),
          p.selfAttnLayerNorm,
          dim,
          {},
        );
        x2d = model.crossAttentionBlock(p, x2d, batch, 1, config, i, {
          k: cache.crossKey,
          v: cache.crossValue,
          keyMask: cache.crossMask,
        });
        x2d = model.residualNorm(
          x2d,
          slicedFfn(x2d, p, dim, config.decoder.ffnEmbedDims[i]!),
          p.finalLayerNorm,
          dim,
          {},
        );
      });
      return model.logits(x2d, dim);
    });
    this.layers.forEach((cache, i) => {
      cache.selfKey?.dispose();
      cache.selfValue?.dispose();
      cache.selfKey = grown[2 * i]!;
      cache.selfValue = grown[2 * i + 1]!;
    });
    this.position++;
    return logits;
  }

  /** Row r of every cache becomes row parents[r] (beam search keeps the rows of the surviving hypotheses). */
  reorder(parents: tf.Tensor1D): void {
    for (const cache of this.layers) {
      const replace = (t: tf.Tensor4D | null): tf.Tensor4D | null => {
        if (!t) return t;
        const next = tf.gather(t, parents) as tf.Tensor4D;
        t.dispose();
        return next;
      };
      cache.selfKey = replace(cache.selfKey);
      cache.selfValue = replace(cache.selfValue);
      const crossKey = replace(cache.crossKey)!;
      const crossValue = replace(cache.crossValue)!;
      const crossMask = replace(cache.crossMask)!;
      Object.assign(cache, { crossKey, crossValue, crossMask });
    }
  }

  dispose(): void {
    for (const cache of this.layers) {
      tf.dispose([cache.crossKey, cache.crossValue, cache.crossMask]);
      if (cache.selfKey) tf.dispose([cache.selfKey]);
      if (cache.selfValue) tf.dispose([cache.selfValue]);
    }
  }
}

/** Encodes padded source rows (each ending in </s>) and keeps the result; dispose with disposeEncoded. */
export function encodeRows(model: SuperTransformer, config: SubTransformerConfig, source: tf.Tensor2D): EncoderOutput {
  return tf.tidy(() => {
    const encoded = model.encode(config, source);
    // Arbitrary attention reads at most the last three layers; keep only those.
    const layerOutputs = encoded.layerOutputs.slice(-3);
    return { layerOutputs, keyMask: encoded.keyMask };
  });
}

export function disposeEncoded(encoded: EncoderOutput): void {
  tf.dispose([...encoded.layerOutputs, encoded.keyMask]);
}

/** Greedy decoding of many sources at once; returns each row's target ids (without <s> and </s>). */
export async function greedyDecode(
  model: SuperTransformer,
  config: SubTransformerConfig,
  source: tf.Tensor2D,
  maxSteps: number,
): Promise<number[][]> {
  const rows = source.shape[0];
  const encoded = encodeRows(model, config, source);
  const decoder = new IncrementalDecoder(model, config, encoded);
  const outputs: number[][] = Array.from({ length: rows }, () => []);
  const done = new Array<boolean>(rows).fill(false);
  let tokens = tf.fill([rows], model.semantics.decoderStartId, 'int32') as tf.Tensor1D;
  try {
    for (let step = 0; step < maxSteps && done.includes(false); step++) {
      const logits = decoder.step(tokens);
      tokens.dispose();
      tokens = tf.tidy(() => tf.argMax(logits, 1).cast('int32')) as tf.Tensor1D;
      logits.dispose();
      const chosen = await tokens.data();
      chosen.forEach((id, r) => {
        if (done[r]) return;
        if (id === model.semantics.eosId) done[r] = true;
        else outputs[r]!.push(id);
      });
    }
  } finally {
    tokens.dispose();
    decoder.dispose();
    disposeEncoded(encoded);
  }
  return outputs;
}

export interface BeamOptions {
  beam: number;
  maxSteps: number;
  /** fairseq's length penalty: a finished hypothesis scores sum(log p) / length ** lengthPenalty. */
  lengthPenalty?: number;
  /**
   * Latency protocol: never finish early (</s> is masked) and run exactly maxSteps steps with every beam row
   * alive, as HAT times a fixed number of decoder steps.
   */
  fixedSteps?: boolean;
}

export interface BeamResult {
  tokens: number[];
  /** Length-normalised log-probability. */
  score: number;
}

/** Beam search for one source row [1, S]; the beam rows start as copies of one prefix, as in HAT's latency runs. */
export async function beamSearch(
  model: SuperTransformer,
  config: SubTransformerConfig,
  source: tf.Tensor2D,
  options: BeamOptions,
): Promise<BeamResult> {
  const { beam, maxSteps } = options;
  const lengthPenalty = options.lengthPenalty ?? 1;
  const vocab = model.dims.vocabSize;
  const single = encodeRows(model, config, source);
  const encoded = tf.tidy(() => ({
    layerOutputs: single.layerOutputs.map((t) => tf.tile(t, [beam, 1, 1]) as tf.Tensor3D),
    keyMask: tf.tile(single.keyMask, [beam, 1, 1, 1]) as tf.Tensor4D,
  }));
  disposeEncoded(single);
  const decoder = new IncrementalDecoder(model, config, encoded);
  let hypotheses: Array<{ tokens: number[]; logProb: number }> = [{ tokens: [], logProb: 0 }];
  const finished: BeamResult[] = [];
  let tokens = tf.fill([beam], model.semantics.decoderStartId, 'int32') as tf.Tensor1D;
  try {
    for (let step = 0; step < maxSteps; step++) {
      const logits = decoder.step(tokens);
      const width = hypotheses.length;
      const candidates = tf.tidy(() => {
        let logProbs = tf.logSoftmax(logits.slice([0, 0], [width, vocab]));
        if (options.fixedSteps) {
          // A 0/1 one-hot scaled: WASM's OneHot ignores other on/off values.
          const eos = tf.oneHot(tf.fill([width], model.semantics.eosId, 'int32') as tf.Tensor1D, vocab).cast('float32');
          logProbs = tf.add(logProbs, tf.mul(eos, -1e9));
        }
        const running = tf.tensor2d(
          hypotheses.map((h) => h.logProb),
          [width, 1],
        );
        return tf.topk(tf.add(logProbs, running).reshape([-1]), Math.min(2 * beam, width * vocab));
      });
      logits.dispose();
      const [scores, flat] = await Promise.all([candidates.values.data(), candidates.indices.data()]);
      tf.dispose([candidates.values, candidates.indices]);
      const next: Array<{ tokens: number[]; logProb: number; parent: number; token: number }> = [];
      for (let c = 0; c < flat.length && next.length < beam; c++) {
        const parent = Math.floor((flat[c] as number) / vocab);
        const token = (flat[c] as number) % vocab;
        const logProb = scores[c] as number;
        const prefix = hypotheses[parent]!.tokens;
        if (token === model.semantics.eosId) {
          finished.push({ tokens: prefix, score: logProb / (prefix.length + 1) ** lengthPenalty });
        } else {
          next.push({ tokens: [...prefix, token], logProb, parent, token });
        }
      }
      const best = finished.reduce((m, f) => Math.max(m, f.score), -Infinity);
      // Stop once no live hypothesis can beat the best finished one even if it ended now.
      if (
        !options.fixedSteps &&
        (next.length === 0 ||
          finished.length >= beam ||
          next.every((h) => h.logProb / (h.tokens.length + 1) ** lengthPenalty < best))
      ) {
        break;
      }
      const parents = Array.from({ length: beam }, (_, r) => next[Math.min(r, next.length - 1)]!.parent);
      const parentTensor = tf.tensor1d(parents, 'int32');
      decoder.reorder(parentTensor);
      parentTensor.dispose();
      tokens.dispose();
      tokens = tf.tensor1d(
        Array.from({ length: beam }, (_, r) => next[Math.min(r, next.length - 1)]!.token),
        'int32',
      );
      hypotheses = next.map(({ tokens: t, logProb }) => ({ tokens: t, logProb }));
    }
  } finally {
    tokens.dispose();
    decoder.dispose();
    disposeEncoded(encoded);
  }
  const live = hypotheses.map((h) => ({ tokens: h.tokens, score: h.logProb / (h.tokens.length + 1) ** lengthPenalty }));
  const all = [...finished, ...(options.fixedSteps || finished.length === 0 ? live : [])];
  return all.reduce((a, b) => (b.score > a.score ? b : a));
}
