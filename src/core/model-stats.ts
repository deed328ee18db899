import { ARBITRARY_ATTN_LAYERS, type SearchSpace } from './space';
import type { SubTransformerConfig } from './config';

/**
 * Parameters "without embeddings", as HAT's get_sampled_params_numel counts them: for each used layer,
 * the sampled Q/K/V weights (cross-attention K/V read the encoder's width) plus the full Q/K/V bias,
 * the sampled output projection, FFN and LayerNorms. Embeddings and the output projection are excluded.
 */
export function countParams(config: SubTransformerConfig, qkvDim: number): number {
  const { encoder: e, decoder: d } = config;
  const attention = (queryDim: number, keyValueDim: number, outDim: number): number =>
    queryDim * qkvDim + 2 * keyValueDim * qkvDim + 3 * qkvDim + qkvDim * outDim + outDim;
  const ffn = (dim: number, hidden: number): number => dim * hidden + hidden + hidden * dim + dim;
  const layerNorm = (dim: number): number => 2 * dim;

  let params = 0;
  for (let i = 0; i < e.layerNum; i++) {
    params += attention(e.embedDim, e.embedDim, e.embedDim);
    params += ffn(e.embedDim, e.ffnEmbedDims[i] as number);
    params += 2 * layerNorm(e.embedDim);
  }
  for (let i = 0; i < d.layerNum; i++) {
    params += attention(d.embedDim, d.embedDim, d.embedDim);
    params += attention(d.embedDim, e.embedDim, d.embedDim);
    params += ffn(d.embedDim, d.ffnEmbedDims[i] as number);
    params += 3 * layerNorm(d.embedDim);
  }
  return params;
}

export interface FlopsBreakdown {
  /** Multiply-accumulates of weight products (linear layers). */
  linearMacs: number;
  /** Multiply-accumulates of attention scores (Q·K) and weighted sums (A·V). */
  attentionMacs: number;
  /**
   * Element-wise products HAT's profiler (torchprofile) also counts: the embedding scale, the query
   * scaling and the affine LayerNorms, one multiply per output element each.
   */
  elementwiseMacs: number;
  /** 2 × all multiply-accumulates. */
  flops: number;
}

/**
 * FLOPs of one teacher-forced pass with a source and target of `tokens` tokens (HAT: 30 for WMT,
 * 23 for IWSLT), counted as HAT does: 2 × the multiply-accumulates torchprofile reports, minus the output
 * projection. Embedding lookups are gathers and cost nothing.
 */
export function countFlops(config: SubTransformerConfig, qkvDim: number, tokens: number): FlopsBreakdown {
  const { encoder: e, decoder: d } = config;
  const S = tokens;
  const T = tokens;
  let linearMacs = 0;
  let attentionMacs = 0;
  let elementwiseMacs = S * e.embedDim + T * d.embedDim; // embedding scale

  for (let i = 0; i < e.layerNum; i++) {
    const ffn = e.ffnEmbedDims[i] as number;
    linearMacs += S * e.embedDim * qkvDim * 3 + S * qkvDim * e.embedDim; // Q, K, V, output projection
    attentionMacs += 2 * S * S * qkvDim;
    linearMacs += 2 * S * e.embedDim * ffn;
    elementwiseMacs += S * qkvDim + 2 * S * e.embedDim; // query scaling, two LayerNorms
  }
  for (let i = 0; i < d.layerNum; i++) {
    const ffn = d.ffnEmbedDims[i] as number;
    const code = d.arbitraryEndeAttn[i] as number;
    const attendedLayers = ARBITRARY_ATTN_LAYERS.get(code);
    if (attendedLayers === undefined) throw new RangeError(`unknown arbitrary attention code ${code}`);
    const keys = attendedLayers * S;
    linearMacs += T * d.embedDim * qkvDim * 3 + T * qkvDim * d.embedDim; // self-attention
    attentionMacs += 2 * T * T * qkvDim;
    linearMacs += T * d.embedDim * qkvDim + 2 * keys * e.embedDim * qkvDim + T * qkvDim * d.embedDim; // cross
    attentionMacs += 2 * T * keys * qkvDim;
    linearMacs += 2 * T * d.embedDim * ffn;
    elementwiseMacs += 2 * T * qkvDim + 3 * T * d.embedDim; // two query scalings, three LayerNorms
  }
  return {
    linearMacs,
    attentionMacs,
    elementwiseMacs,
    flops: 2 * (linearMacs + attentionMacs + elementwiseMacs),
  };
}

export interface ModelStats {
  params: number;
  flops: number;
}

export function modelStats(config: SubTransformerConfig, space: SearchSpace, tokens = space.defaultTokens): ModelStats {
  return { params: countParams(config, space.qkvDim), flops: countFlops(config, space.qkvDim, tokens).flops };
}
