/**
 * A deliberately naive Transformer forward pass with plain arrays and loops, written from the spec (section 3), not
 * from the tf.js code: HAT's leading-slice weight sharing, post-norm, sqrt(d) embedding scale, fairseq's sinusoidal
 * positions built for the super width (first half sines, second half cosines) and offset by POSITION_OFFSET,
 * packed Q/K/V weight. Linear weights are stored [in, out] (params.ts): HAT's weight[o][i] is stored at [i][o].
 */
import type { SubTransformerConfig } from '../../src/core/config';
import type { SuperDims } from '../../src/supertransformer/dims';

export type Weights = ReadonlyMap<string, { shape: number[]; values: Float32Array }>;
type Matrix = number[][];

const POSITION_OFFSET = 2;
const EPSILON = 1e-5;

function get(weights: Weights, name: string): { shape: number[]; values: Float32Array } {
  const w = weights.get(name);
  if (!w) throw new Error(`no tensor ${name}`);
  return w;
}

/** y[n][o] = bias[offset + o] + sum_i x[n][i] * W_hat[offset + o][i], with W_hat[o][i] stored at [i][o]. */
function linear(weights: Weights, prefix: string, x: Matrix, inDim: number, outDim: number, offset = 0): Matrix {
  const w = get(weights, `${prefix}.weight`);
  const b = get(weights, `${prefix}.bias`);
  const storedOut = w.shape[1]!;
  return x.map((row) =>
    Array.from({ length: outDim }, (_, o) => {
      let sum = b.values[offset + o]!;
      for (let i = 0; i < inDim; i++) sum += row[i]! * w.values[i * storedOut + offset + o]!;
      return sum;
    }),
  );
}

/** The packed Q/K/V weight has no ".weight" suffix in fairseq's names. */
function packed(weights: Weights, prefix: string, x: Matrix, inDim: number, qkv: number, which: 0 | 1 | 2): Matrix {
  const renamed = new Map(weights);
  renamed.set(`${prefix}.in_proj.weight`, get(weights, `${prefix}.in_proj_weight`));
  renamed.set(`${prefix}.in_proj.bias`, get(weights, `${prefix}.in_proj_bias`));
  return linear(renamed, `${prefix}.in_proj`, x, inDim, qkv, which * qkv);
}

function layerNorm(weights: Weights, prefix: string, x: Matrix, dim: number): Matrix {
  const g = get(weights, `${prefix}.weight`).values;
  const b = get(weights, `${prefix}.bias`).values;
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / dim;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / dim;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + EPSILON)) * g[j]! + b[j]!);
  });
}

const add = (a: Matrix, b: Matrix): Matrix => a.map((row, n) => row.map((v, j) => v + b[n]![j]!));

/** Multi-head attention of queries q over keys k / values v; allowed(tq, tk) says which keys a query may see. */
function attention(q: Matrix, k: Matrix, v: Matrix, heads: number, allowed: (tq: number, tk: number) => boolean) {
  const qkv = q[0]!.length;
  const headDim = qkv / heads;
  return q.map((query, tq) => {
    const out = new Array<number>(qkv).fill(0);
    for (let h = 0; h < heads; h++) {
      const scores = k.map((key, tk) => {
        if (!allowed(tq, tk)) return -Infinity;
        let s = 0;
        for (let d = 0; d < headDim; d++) s += query[h * headDim + d]! * key[h * headDim + d]!;
        return s / Math.sqrt(headDim);
      });
      const max = Math.max(...scores);
      const exps = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - max)));
      const total = exps.reduce((s, e) => s + e, 0);
      for (let d = 0; d < headDim; d++) {
        let sum = 0;
        exps.forEach((e, tk) => (sum += (e / total) * v[tk]![h * headDim + d]!));
        out[h * headDim + d] = sum;
      }
    }
    return out;
  });
}

function sinusoid(position: number, column: number, superWidth: number): number {
  const half = superWidth / 2;
  const frequency = (i: number): number => Math.exp((-Math.log(10000) / (half - 1)) * i);
  return column < half ? Math.sin(position * frequency(column)) : Math.cos(position * frequency(column - half));
}

function embed(weights: Weights, ids: number[], dim: number, superWidth: number): Matrix {
  const table = get(weights, 'embed_tokens.weight');
  const width = table.shape[1]!;
  return ids.map((id, t) =>
    Array.from(
      { length: dim },
      (_, j) => Math.sqrt(dim) * table.values[id * width + j]! + sinusoid(t + POSITION_OFFSET, j, superWidth),
    ),
  );
}

function ffn(weights: Weights, prefix: string, x: Matrix, dim: number, ffnDim: number): Matrix {
  const hidden = linear(weights, `${prefix}.fc1`, x, dim, ffnDim).map((row) => row.map((v) => Math.max(0, v)));
  return linear(weights, `${prefix}.fc2`, hidden, ffnDim, dim);
}

function selfAttention(
  weights: Weights,
  prefix: string,
  x: Matrix,
  dim: number,
  qkv: number,
  heads: number,
  allowed: (tq: number, tk: number) => boolean,
): Matrix {
  const q = packed(weights, prefix, x, dim, qkv, 0);
  const k = packed(weights, prefix, x, dim, qkv, 1);
  const v = packed(weights, prefix, x, dim, qkv, 2);
  return linear(weights, `${prefix}.out_proj`, attention(q, k, v, heads, allowed), qkv, dim);
}

/** Logits [T][vocab] of one sentence pair: `source` ends in </s> and may be right-padded with 0. */
export function naiveForward(
  weights: Weights,
  dims: SuperDims,
  config: SubTransformerConfig,
  source: number[],
  targetIn: number[],
): Matrix {
  const { encoder: e, decoder: d } = config;
  const qkv = dims.qkvDim;
  const isKey = source.map((id) => id !== 0);
  let x = embed(weights, source, e.embedDim, dims.maxEmbedDim);
  const encoderOutputs: Matrix[] = [];
  for (let i = 0; i < e.layerNum; i++) {
    const p = `encoder.layers.${i}`;
    const attended = selfAttention(
      weights,
      `${p}.self_attn`,
      x,
      e.embedDim,
      qkv,
      e.selfAttentionHeads[i]!,
      (_, tk) => isKey[tk]!,
    );
    x = layerNorm(weights, `${p}.self_attn_layer_norm`, add(x, attended), e.embedDim);
    x = layerNorm(
      weights,
      `${p}.final_layer_norm`,
      add(x, ffn(weights, p, x, e.embedDim, e.ffnEmbedDims[i]!)),
      e.embedDim,
    );
    encoderOutputs.push(x);
  }
  let y = embed(weights, targetIn, d.embedDim, dims.maxEmbedDim);
  for (let i = 0; i < d.layerNum; i++) {
    const p = `decoder.layers.${i}`;
    const attended = selfAttention(
      weights,
      `${p}.self_attn`,
      y,
      d.embedDim,
      qkv,
      d.selfAttentionHeads[i]!,
      (tq, tk) => tk <= tq,
    );
    y = layerNorm(weights, `${p}.self_attn_layer_norm`, add(y, attended), d.embedDim);
    // Arbitrary attention: code -1, 1, 2 → the last 1, 2, 3 encoder outputs, one after another in time.
    const count = { '-1': 1, '1': 2, '2': 3 }[String(d.arbitraryEndeAttn[i]) as '-1' | '1' | '2'];
    const memory = encoderOutputs.slice(-count).flat();
    const memoryIsKey = Array.from({ length: count }, () => isKey).flat();
    const q = packed(weights, `${p}.encoder_attn`, y, d.embedDim, qkv, 0);
    const k = packed(weights, `${p}.encoder_attn`, memory, e.embedDim, qkv, 1);
    const v = packed(weights, `${p}.encoder_attn`, memory, e.embedDim, qkv, 2);
    const crossed = linear(
      weights,
      `${p}.encoder_attn.out_proj`,
      attention(q, k, v, d.endeAttentionHeads[i]!, (_, tk) => memoryIsKey[tk]!),
      qkv,
      d.embedDim,
    );
    y = layerNorm(weights, `${p}.encoder_attn_layer_norm`, add(y, crossed), d.embedDim);
    y = layerNorm(
      weights,
      `${p}.final_layer_norm`,
      add(y, ffn(weights, p, y, d.embedDim, d.ffnEmbedDims[i]!)),
      d.embedDim,
    );
  }
  // Output projection: the decoder's slice of the shared token table, transposed.
  const table = get(weights, 'embed_tokens.weight');
  const width = table.shape[1]!;
  return y.map((row) =>
    Array.from({ length: dims.vocabSize }, (_, id) => {
      let sum = 0;
      for (let j = 0; j < d.embedDim; j++) sum += row[j]! * table.values[id * width + j]!;
      return sum;
    }),
  );
}
