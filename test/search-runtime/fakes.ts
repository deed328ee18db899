import type { SubTransformerConfig } from '../../src/core/config';
import { configFeatures } from '../../src/core/features';
import { sampleConfig } from '../../src/core/gene';
import { predictorToJson } from '../../src/core/latency/json';
import { predictLatencyMs } from '../../src/core/latency/predictor';
import { createRng } from '../../src/core/rng';
import { BUILTIN_SPACES } from '../../src/core/space';
import type { SearchSettings } from '../../src/protocol/search';
import type { ConfigValidation, ValidationShare } from '../../src/protocol/validation';
import type { ValidationPort } from '../../src/search-runtime/worker-api';
import { fakePredictor } from '../core/latency/fixtures';
import { syntheticValidLoss } from '../core/search/synthetic';

export const predictor = fakePredictor();
export const predictorJson = predictorToJson(predictor);

/** A budget met by about `share` of random hat-wmt configs under the fake predictor. */
export function budgetForShare(share: number): number {
  const rng = createRng(99);
  const configs = Array.from({ length: 400 }, () => sampleConfig(BUILTIN_SPACES['hat-wmt']!, rng));
  const latencies = [...predictLatencyMs(predictor, configs.map(configFeatures))].sort((a, b) => a - b);
  return latencies[Math.floor(share * (latencies.length - 1))]!;
}

export const predictedMs = (config: SubTransformerConfig): number =>
  predictLatencyMs(predictor, [configFeatures(config)])[0]!;

export const SMALL: SearchSettings = {
  space: 'hat-wmt',
  profileId: 'profile-test',
  algorithm: 'hat',
  budgetsMs: [budgetForShare(0.5)],
  population: 10,
  iterations: 4,
  parents: 2,
  mutations: 4,
  crossovers: 4,
  mutationProb: 0.3,
  seed: 5,
};

/**
 * The validation worker's API in-process, with synthetic losses. `gate` (when set) holds every batch until
 * released, so a test can act while validation is in flight; cancel rejects the held batch as the worker does.
 */
export class FakeValidation implements ValidationPort {
  batches: SubTransformerConfig[][] = [];
  shares: Array<ValidationShare | undefined> = [];
  cancelled: number[] = [];
  loads = 0;
  gate: Promise<void> | null = null;
  private rejectors = new Map<number, (error: Error) => void>();

  async load() {
    this.loads += 1;
    return {
      backend: 'cpu' as const,
      fallbackMessage: null,
      widthScale: 0.25,
      spaces: ['hat-wmt', 'hat-wmt-latency', 'hat-iwslt'],
      validPairs: 10,
      validTokens: 100,
      trainingSteps: 1,
      workers: 1,
      threadsPerWorker: 1,
      threadsNotice: null,
    };
  }

  async validateBatch(
    jobId: number,
    configs: SubTransformerConfig[],
    onProgress?: (done: number, total: number, last: ConfigValidation) => void,
    share?: ValidationShare,
  ): Promise<ConfigValidation[]> {
    this.batches.push(configs);
    this.shares.push(share);
    if (this.gate) {
      await Promise.race([this.gate, new Promise<never>((_, reject) => this.rejectors.set(jobId, reject))]);
    }
    return configs.map((config, i) => {
      const validLoss = syntheticValidLoss(config);
      // A share scores an equal part of the 100 tokens, so shares add up to the whole.
      const tokens = 100 / (share?.count ?? 1);
      const result = { validLoss, perplexity: Math.exp(validLoss), tokens, nllSum: validLoss * tokens };
      onProgress?.(i + 1, configs.length, result);
      return result;
    });
  }

  cancel(jobId: number): void {
    this.cancelled.push(jobId);
    this.rejectors.get(jobId)?.(new Error(`cancelled job ${jobId}`));
  }
}
