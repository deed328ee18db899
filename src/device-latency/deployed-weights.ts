import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { createRng } from '../core/rng';
import { attendedEncoderLayers } from '../supertransformer/dims';
import { sinusoidalTable } from '../supertransformer/layers';
import { namedVariables } from '../supertransformer/params';
import { POSITION_OFFSET, type SuperTransformer } from '../supertransformer/super-transformer';

/** A linear layer at its exact shape: weight [in, out] (see params.ts for why transposed), bias [out]. */
export interface DeployedLinear {
  weight: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export interface DeployedNorm {
  weight: tf.Tensor1D;
  bias: tf.Tensor1D;
}

/** Q, K and V as three products: splitting one packed product would cost a strided copy per call in tf.js. */
export interface DeployedAttention {
  heads: number;
  query: DeployedLinear;
  key: DeployedLinear;
  value: DeployedLinear;
  out: DeployedLinear;
}

export interface DeployedEncoderLayer {
  selfAttn: DeployedAttention;
  selfAttnNorm: DeployedNorm;
  fc1: DeployedLinear;
  fc2: DeployedLinear;
  finalNorm: DeployedNorm;
}

export interface DeployedDecoderLayer extends DeployedEncoderLayer {
  crossAttn: DeployedAttention;
  crossAttnNorm: DeployedNorm;
  /** Encoder layers (the last 1, 2 or 3) the cross-attention reads: HAT's arbitrary attention. */
  attendedLayers: number;
}

/**
 * One SubTransformer's weights as a deployed model holds them: one tensor per layer and role at exactly the shape
 * the config uses, so running it slices nothing. The token tables are stored transposed, [dim, vocab]: that is the
 * output projection's operand (tf.js's WASM matmul is ~10x slower with transposeB), and looking up a few token
 * columns in it is cheap.
 */
export interface DeployedWeights {
  qkvDim: number;
  vocabSize: number;
  encoderTokens: tf.Tensor2D;
  /** The same tensor as encoderTokens when both sides have one embed dim (HAT shares the table). */
  decoderTokens: tf.Tensor2D;
  /** [maxPositions + POSITION_OFFSET, dim] sinusoidal rows, as the SuperTransformer slices them. */
  encoderPositions: tf.Tensor2D;
  decoderPositions: tf.Tensor2D;
  encoderLayers: DeployedEncoderLayer[];
  decoderLayers: DeployedDecoderLayer[];
}

export interface DeployedShape {
  vocabSize: number;
  qkvDim: number;
  maxPositions: number;
  /** Width the sinusoidal table is built at before its leading columns are taken (the super embed dim). */
  positionWidth: number;
}

/** Where a deployed model's numbers come from. Every call returns a new tensor the caller owns. */
export interface WeightSource {
  /** The region [begin, begin + size) of the SuperTransformer tensor `name` (HAT's state-dict name, stored layout). */
  region(name: string, begin: number[], size: number[]): tf.Tensor;
  /** The token table's first `dim` columns, transposed: [dim, vocab]. */
  tokenColumns(vocabSize: number, dim: number): tf.Tensor2D;
}

/** Builds every tensor of `config` from `source`, each made once here; nothing is sliced when the model runs. */
export function assembleDeployed(
  config: SubTransformerConfig,
  shape: DeployedShape,
  source: WeightSource,
): DeployedWeights {
  const { encoder: e, decoder: d } = config;
  const Q = shape.qkvDim;
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    made.push(t);
    return t;
  };
  try {
    const linear = (prefix: string, packed: boolean, inDim: number, outDim: number, offset = 0): DeployedLinear => {
      const [weightName, biasName] = packed
        ? [`${prefix}_weight`, `${prefix}_bias`]
        : [`${prefix}.weight`, `${prefix}.bias`];
      return {
        weight: keep(source.region(weightName, [0, offset], [inDim, outDim]) as tf.Tensor2D),
        bias: keep(source.region(biasName, [offset], [outDim]) as tf.Tensor1D),
      };
    };
    const attention = (prefix: string, heads: number, queryDim: number, memoryDim: number): DeployedAttention => ({
      heads,
      query: linear(`${prefix}.in_proj`, true, queryDim, Q, 0),
      key: linear(`${prefix}.in_proj`, true, memoryDim, Q, Q),
      value: linear(`${prefix}.in_proj`, true, memoryDim, Q, 2 * Q),
      out: linear(`${prefix}.out_proj`, false, Q, queryDim),
    });
    const norm = (prefix: string, dim: number): DeployedNorm => ({
      weight: keep(source.region(`${prefix}.weight`, [0], [dim]) as tf.Tensor1D),
      bias: keep(source.region(`${prefix}.bias`, [0], [dim]) as tf.Tensor1D),
    });
    const tokens = (dim: number): tf.Tensor2D => keep(source.tokenColumns(shape.vocabSize, dim));
    const encoderTokens = tokens(e.embedDim);
    const decoderTokens = d.embedDim === e.embedDim ? encoderTokens : tokens(d.embedDim);
    const encoderLayers = Array.from({ length: e.layerNum }, (_, i): DeployedEncoderLayer => {
      const p = `encoder.layers.${i}`;
      return {
        selfAttn: attention(`${p}.self_attn`, e.selfAttentionHeads[i]!, e.embedDim, e.embedDim),
        selfAttnNorm: norm(`${p}.self_attn_layer_norm`, e.embedDim),
        fc1: linear(`${p}.fc1`, false, e.embedDim, e.ffnEmbedDims[i]!),
        fc2: linear(`${p}.fc2`, false, e.ffnEmbedDims[i]!, e.embedDim),
        finalNorm: norm(`${p}.final_layer_norm`, e.embedDim),
      };
    });
    const decoderLayers = Array.from({ length: d.layerNum }, (_, i): DeployedDecoderLayer => {
      const p = `decoder.layers.${i}`;
      return {
        selfAttn: attention(`${p}.self_attn`, d.selfAttentionHeads[i]!, d.embedDim, d.embedDim),
        selfAttnNorm: norm(`${p}.self_attn_layer_norm`, d.embedDim),
        crossAttn: attention(`${p}.encoder_attn`, d.endeAttentionHeads[i]!, d.embedDim, e.embedDim),
        crossAttnNorm: norm(`${p}.encoder_attn_layer_norm`, d.embedDim),
        attendedLayers: attendedEncoderLayers(d.arbitraryEndeAttn[i]!),
        fc1: linear(`${p}.fc1`, false, d.embedDim, d.ffnEmbedDims[i]!),
        fc2: linear(`${p}.fc2`, false, d.ffnEmbedDims[i]!, d.embedDim),
        finalNorm: norm(`${p}.final_layer_norm`, d.embedDim),
      };
    });
    const positions = positionTables(shape, [e.embedDim, d.embedDim]);
    made.push(...positions);
    return {
      qkvDim: Q,
      vocabSize: shape.vocabSize,
      encoderTokens,
      decoderTokens,
      encoderPositions: positions[0]!,
      decoderPositions: positions[1]!,
      encoderLayers,
      decoderLayers,
    };
  } catch (error) {
    tf.dispose(made);
    throw error;
  }
}

/** The SuperTransformer's sinusoidal table (built at the super width) cut to each dim's leading columns. */
function positionTables(shape: DeployedShape, dims: number[]): tf.Tensor2D[] {
  const rows = shape.maxPositions + POSITION_OFFSET;
  const width = shape.positionWidth;
  const table = sinusoidalTable(rows, width);
  return dims.map((dim) => {
    if (dim > width) throw new RangeError(`embed dim ${dim} exceeds the position table's ${width} columns`);
    const cut = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) cut.set(table.subarray(r * width, r * width + dim), r * dim);
    return tf.tensor2d(cut, [rows, dim]);
  });
}

/** Every distinct tensor of a deployed model, for disposal and counting. */
export function deployedTensors(w: DeployedWeights): tf.Tensor[] {
  const all = new Set<tf.Tensor>([w.encoderTokens, w.decoderTokens, w.encoderPositions, w.decoderPositions]);
  const linear = (l: DeployedLinear): void => void [l.weight, l.bias].forEach((t) => all.add(t));
  const norm = (n: DeployedNorm): void => void [n.weight, n.bias].forEach((t) => all.add(t));
  const attention = (a: DeployedAttention): void => [a.query, a.key, a.value, a.out].forEach(linear);
  for (const l of [...w.encoderLayers, ...w.decoderLayers]) {
    attention(l.selfAttn);
    norm(l.selfAttnNorm);
    linear(l.fc1);
    linear(l.fc2);
    norm(l.finalNorm);
  }
  for (const l of w.decoderLayers) {
    attention(l.crossAttn);
    norm(l.crossAttnNorm);
  }
  return [...all];
}

/** The numbers `config` reads from `model`, copied once into exact-shape tensors. */
export function superTransformerSource(model: SuperTransformer, config: SubTransformerConfig): WeightSource {
  model.check(config);
  const byName = new Map(namedVariables(model.params));
  const region = (name: string, begin: number[], size: number[]): tf.Tensor => {
    const variable = byName.get(name);
    if (!variable) throw new Error(`the SuperTransformer has no tensor ${name}`);
    return variable.slice(begin, size);
  };
  return {
    region,
    tokenColumns: (vocabSize, dim) =>
      tf.tidy(() => tf.transpose(region('embed_tokens.weight', [0, 0], [vocabSize, dim])) as tf.Tensor2D),
  };
}

/** Numbers in the random pool that random tensors are cut from: more than any layer tensor of HAT's spaces. */
const POOL_SIZE = 1 << 22;

/**
 * Random numbers at exactly the requested shapes, scaled as fairseq initialises (Xavier-uniform linear weights,
 * token table of std dim^-0.5, unit LayerNorm gains, zero biases), so activations keep ordinary magnitudes:
 * values do not change the work done, and ordinary magnitudes keep subnormal arithmetic out of the timings.
 * Every layer tensor is a fresh tensor holding a run of one seeded pool from a random offset (drawing every number
 * took seconds per config), so each layer reads its own memory as a real model's do. The token table of each width
 * is made once, directly in its transposed layout, and every config gets a handle on it: at tens of megabytes it
 * cannot stay in any cache from one config to the next, so sharing it changes no timing and saves seconds per
 * config. One source serves a whole run: call dispose().
 */
export function randomSource(seed: number): WeightSource & { dispose(): void } {
  const rng = createRng(seed);
  const pool = new Float32Array(POOL_SIZE);
  for (let i = 0; i < pool.length; i++) pool[i] = 2 * rng.nextFloat() - 1;
  const tables = new Map<string, tf.Tensor2D>();
  const uniform = (shape: [number, number], limit: number): tf.Tensor2D => {
    const size = shape[0] * shape[1];
    let values: Float32Array;
    if (size <= POOL_SIZE) {
      const from = rng.nextInt(POOL_SIZE - size + 1);
      values = pool.subarray(from, from + size);
    } else {
      values = new Float32Array(size);
      for (let at = 0; at < size; at += POOL_SIZE) values.set(pool.subarray(0, Math.min(POOL_SIZE, size - at)), at);
    }
    return tf.tidy(() => tf.mul(tf.tensor2d(values, shape), limit));
  };
  return {
    region(name, _begin, size) {
      if (name.endsWith('layer_norm.weight')) return tf.ones(size);
      if (size.length === 1) return tf.zeros(size);
      const [rows, columns] = size as [number, number];
      return uniform([rows, columns], Math.sqrt(6 / (rows + columns)));
    },
    tokenColumns(vocabSize, dim) {
      const key = `${dim}x${vocabSize}`;
      let table = tables.get(key);
      if (!table) {
        table = uniform([dim, vocabSize], Math.sqrt(3) * dim ** -0.5);
        tables.set(key, table);
      }
      // A reshape to the same shape is a new handle on the same memory (no copy); disposing it leaves the table.
      return table.reshape([dim, vocabSize]);
    },
    dispose() {
      tf.dispose([...tables.values()]);
      tables.clear();
    },
  };
}
