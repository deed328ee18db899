import type { LatencyRow } from '../../../src/core/dataset';
import { costTerms, type CostModel } from '../../../src/core/latency/cost-model';
import { configFeatures } from '../../../src/core/features';
import { decodeGene, sampleGene } from '../../../src/core/gene';
import { createRng, type Rng } from '../../../src/core/rng';
import { BUILTIN_SPACES } from '../../../src/core/space';

/** Unit costs of a made-up CPU: ms per unit of each cost term (ENCODER_TERMS / DECODER_TERMS order). */
export const TRUE_COSTS: Pick<CostModel, 'encoder' | 'decoder'> = {
  encoder: [2, 0.5, 2e-3, 4e-7, 0.3],
  decoder: [5, 0.05, 8, 0.03, 1e-5, 0.4, 0.4, 1.5, 2e-3],
};

const gaussian = (rng: Rng): number => {
  const u = Math.max(rng.nextFloat(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
};

export interface SyntheticOptions {
  /** Standard deviation of the multiplicative log-normal noise on each head. */
  sigma: number;
  seed: number;
  /** Rows measured `slowFactor` slow (drift), by row index. */
  slow?: (row: number) => boolean;
  slowFactor?: number;
  costs?: Pick<CostModel, 'encoder' | 'decoder'>;
}

/** The exact latency of a feature vector under `costs`, per head. */
export function trueHeadsMs(features: readonly number[], costs = TRUE_COSTS): { encoder: number; decoder: number } {
  const dot = (c: readonly number[], t: readonly number[]): number => c.reduce((s, v, j) => s + v * t[j]!, 0);
  return {
    encoder: dot(costs.encoder, costTerms('encoder', features)),
    decoder: dot(costs.decoder, costTerms('decoder', features)),
  };
}

/**
 * Rows sampled from HAT's latency-dataset space with a known latency law and known noise: ms = truth · exp(σ·z),
 * z standard normal, independently per head. What a calibrated 90 % interval should cover is then known.
 */
export function syntheticLatencyRows(count: number, options: SyntheticOptions): LatencyRow[] {
  const rng = createRng(options.seed);
  const space = BUILTIN_SPACES['hat-wmt-latency']!;
  return Array.from({ length: count }, (_, i) => {
    const features = configFeatures(decodeGene(sampleGene(space, rng), space));
    const truth = trueHeadsMs(features, options.costs);
    const slow = options.slow?.(i) ? (options.slowFactor ?? 1.3) : 1;
    return {
      features,
      latencyMeanEncoderMs: truth.encoder * slow * Math.exp(options.sigma * gaussian(rng)),
      latencyMeanDecoderMs: truth.decoder * slow * Math.exp(options.sigma * gaussian(rng)),
      latencyStdEncoderMs: 0,
      latencyStdDecoderMs: 0,
    };
  });
}
