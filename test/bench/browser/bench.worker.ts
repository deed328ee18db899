import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { largestConfig, smallestConfig } from '../../../src/core/config';
import { defaultMeasureSettings, type MeasureSettings } from '../../../src/core/latency/measure-plan';
import { builtinSpace } from '../../../src/core/space';
import { LatencyMeasurer } from '../../../src/device-latency/measure';
import type { SubTransformerConfig } from '../../../src/core/config';
import type { BackendName } from '../../../src/tfjs/backend-names';
import { browserBackendHost, fetchShippedAssets } from '../../../src/supertransformer/browser-load';
import { ValidationService } from '../../../src/supertransformer/validation-service';
import { validationWorkerApi } from '../../../workers/roles/validation';
import { matmulGflops } from '../matmul-rate';

/**
 * One worker of the browser bench: the app's validation service (the same code as the validation role of
 * workers/tfjs.worker.ts), plus what the bench measures beside it on the same backend and threads: the dense matmul
 * rate and HAT's latency protocol on a space's two extreme configs.
 */
const service = new ValidationService(browserBackendHost, fetchShippedAssets);
const validation = validationWorkerApi(service);

export interface ExtremeLatency {
  config: 'smallest' | 'largest';
  encoderMs: number;
  encoderStdMs: number;
  decoderMs: number;
  decoderStdMs: number;
  /** Building the deployed model and timing it, seconds. */
  wallS: number;
}

const api = {
  ...validation,
  /** Starts `backend` (WASM on `threads` threads) in this worker. */
  async activate(backend: BackendName, threads: number): Promise<void> {
    await browserBackendHost.activate(backend, threads);
  },
  matmulGflops: (size: number): Promise<number> => matmulGflops(size),
  /** HAT's protocol on the space's smallest and largest config, on the active backend. */
  async measureExtremes(spaceName: string, overrides: Partial<MeasureSettings>): Promise<ExtremeLatency[]> {
    const space = builtinSpace(spaceName);
    if (!space) throw new Error(`unknown space ${spaceName}`);
    const measurer = new LatencyMeasurer(space, { ...defaultMeasureSettings(space), ...overrides });
    try {
      const results: ExtremeLatency[] = [];
      for (const [name, config] of [
        ['smallest', smallestConfig(space)],
        ['largest', largestConfig(space)],
      ] as const) {
        const t0 = performance.now();
        const { encoder, decoder } = await measurer.measure(config);
        results.push({
          config: name,
          encoderMs: encoder.meanMs,
          encoderStdMs: encoder.stdMs,
          decoderMs: decoder.meanMs,
          decoderStdMs: decoder.stdMs,
          wallS: (performance.now() - t0) / 1000,
        });
      }
      return results;
    } finally {
      measurer.dispose();
    }
  },
  backend: (): string => tf.getBackend(),
  /** FLOPs of one validation of each config, and the loaded set's batches and padding. */
  modelFacts(configs: SubTransformerConfig[]): { flops: number[]; batches: number; padding: number } {
    const model = service.model;
    if (!model) throw new Error('load the model first');
    return {
      flops: configs.map((config) => model.validationFlops(config)),
      batches: model.batchShapes.length,
      padding: 1 - model.validTokens / model.paddedTargetPositions,
    };
  },
};

export type BenchWorkerApi = typeof api;

expose(api);
