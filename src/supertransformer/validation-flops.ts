import type { SubTransformerConfig } from '../core/config';
import { attendedEncoderLayers } from './dims';

/** A padded batch's shape: `size` rows of `sourceLength` source and `targetLength` target positions. */
export interface BatchShape {
  size: number;
  sourceLength: number;
  targetLength: number;
}

/**
 * Forward FLOPs (2 x multiply-adds) of one teacher-forced pass of a realised config over one padded batch, as the
 * kernels run them: every weight product (Q/K/V, output, FFN, cross-attention K/V over the attended encoder layers),
 * both attention products (scores and weighted values, on the full padded/causal-masked square) and the output
 * projection onto the vocabulary. Element-wise work (LayerNorm, softmax, residuals) is left out: it is not matmul work.
 */
export function batchFlops(config: SubTransformerConfig, batch: BatchShape, qkv: number, vocab: number): number {
  const { encoder: e, decoder: d } = config;
  const { size: B, sourceLength: S, targetLength: T } = batch;
  const N = B * S;
  const M = B * T;
  let macs = 0;
  for (let i = 0; i < e.layerNum; i++) {
    macs += N * e.embedDim * 3 * qkv + 2 * B * S * S * qkv + N * qkv * e.embedDim;
    macs += 2 * N * e.embedDim * e.ffnEmbedDims[i]!;
  }
  for (let i = 0; i < d.layerNum; i++) {
    const memory = attendedEncoderLayers(d.arbitraryEndeAttn[i]!) * S;
    macs += M * d.embedDim * 3 * qkv + 2 * B * T * T * qkv + M * qkv * d.embedDim;
    macs += M * d.embedDim * qkv + B * memory * e.embedDim * 2 * qkv + 2 * B * T * memory * qkv + M * qkv * d.embedDim;
    macs += 2 * M * d.embedDim * d.ffnEmbedDims[i]!;
  }
  macs += M * d.embedDim * vocab;
  return 2 * macs;
}

/** batchFlops summed over a validation set's batches. */
export function validationFlops(
  config: SubTransformerConfig,
  batches: readonly BatchShape[],
  qkv: number,
  vocab: number,
): number {
  return batches.reduce((sum, batch) => sum + batchFlops(config, batch, qkv, vocab), 0);
}
