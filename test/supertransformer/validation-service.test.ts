import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { largestConfig, smallestConfig } from '../../src/core/config';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import type { BackendName } from '../../src/tfjs/backend-names';
import { ValidationService, type BackendHost } from '../../src/supertransformer/validation-service';
import type { ConfigValidation } from '../../src/protocol/validation';

const wmt = builtinSpace('hat-wmt')!;
const smallest = smallestConfig(wmt);
const largest = largestConfig(wmt);
const BASE = 'node:public/';
const PAIRS = 24;

/**
 * Node stands in for the browser: 'webgpu' is simulated on the plain-JavaScript backend with a device-lost promise
 * the test resolves, so the fallback path (dispose, switch to WASM, rebuild, retry) runs for real; 'webgl' is never
 * available.
 */
let loseDevice: (reason: string) => void = () => undefined;
let assetReads = 0;
const host: BackendHost = {
  async activate(name: BackendName) {
    if (name === 'webgl') throw new Error('WebGL is not available in Node');
    await selectNodeBackend(name === 'wasm' ? 'wasm' : 'cpu');
  },
  deviceLost(name) {
    return name === 'webgpu' ? new Promise<string>((resolve) => (loseDevice = resolve)) : null;
  },
};
const service = new ValidationService(host, async () => {
  assetReads++;
  return readShippedAssets(DEFAULT_MODEL_DIR);
});
afterAll(() => service.dispose());

describe('the validation service behind the worker', () => {
  it('loads the shipped model once per backend and reports its card facts', async () => {
    const header = JSON.parse((await import('node:fs')).readFileSync(`${DEFAULT_MODEL_DIR}/model.json`, 'utf8'));
    const info = await service.load({ backend: 'wasm', baseUrl: BASE, maxValidPairs: PAIRS });
    expect(info).toMatchObject({
      backend: 'wasm',
      fallbackMessage: null,
      widthScale: header.meta.widthScale,
      spaces: header.meta.spaces,
      validPairs: PAIRS,
      trainingSteps: header.meta.training.steps,
    });
    expect(info.validTokens).toBeGreaterThan(PAIRS);
    const tensors = tf.memory().numTensors;
    expect(await service.load({ backend: 'wasm', baseUrl: BASE, maxValidPairs: PAIRS })).toEqual(info);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(assetReads).toBe(1);
  });

  it('validates a batch in order with progress after each config', async () => {
    const progress: Array<[number, number, ConfigValidation]> = [];
    const results = await service.validateBatch(1, [smallest, largest, smallest], (done, total, last) =>
      progress.push([done, total, last]),
    );
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(Number.isFinite(r.validLoss) && r.validLoss > 0).toBe(true);
      expect(r.perplexity).toBeCloseTo(Math.exp(r.validLoss), 6);
      expect(r.tokens).toBe(service.info!.validTokens);
    }
    expect(results[2]!.validLoss).toBeCloseTo(results[0]!.validLoss, 6);
    expect(results[1]!.validLoss).not.toBeCloseTo(results[0]!.validLoss, 3);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(progress.map(([done, total]) => [done, total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(progress[1]![2]).toEqual(results[1]);
    // Seconds when the machine is idle, but a busy 2-core machine stretches the largest config's validation.
  }, 180_000);

  it('refuses a batch holding a config outside the spaces, naming it, before any work', async () => {
    const wide = { ...smallest, encoder: { ...smallest.encoder, embedDim: 1024 } };
    const progress: number[] = [];
    await expect(service.validateBatch(2, [smallest, wide], (done) => progress.push(done))).rejects.toThrow(
      /^config 2 of 2: this config is outside the SuperTransformer's spaces/,
    );
    expect(progress).toEqual([]);
  });

  it('stops a cancelled job between configs', async () => {
    const progress: number[] = [];
    const job = service.validateBatch(3, Array<typeof smallest>(30).fill(smallest), (done) => {
      progress.push(done);
      if (done === 2) service.cancel(3);
    });
    await expect(job).rejects.toThrow(/^cancelled: job 3 stopped after 2 of 30 configs/);
    expect(progress).toEqual([1, 2]);
    // The id is free again afterwards, and other jobs are unaffected.
    expect(await service.validateBatch(3, [smallest])).toHaveLength(1);
  }, 120_000);

  it('translates with a SubTransformer and checks the beam', async () => {
    const english = await service.translate(smallest, 'Guten Morgen', 2);
    expect(typeof english).toBe('string');
    expect(await service.translate(smallest, '   ', 2)).toBe('');
    await expect(service.translate(smallest, 'Hallo', 0)).rejects.toThrow(/beam must be/);
  });

  it("'auto' skips a WebGPU that only runs on a software adapter, and says so; an explicit choice still gets it", async () => {
    const softwareGpu = new ValidationService(
      {
        ...host,
        softwareOnly: async (name) => (name === 'webgpu' ? 'its only adapter is a software one (SwiftShader)' : null),
      },
      () => readShippedAssets(DEFAULT_MODEL_DIR),
    );
    try {
      const auto = await softwareGpu.load({ backend: 'auto', baseUrl: BASE, maxValidPairs: PAIRS });
      expect(auto.backend).toBe('wasm');
      expect(auto.fallbackMessage).toBe('auto skipped webgpu: its only adapter is a software one (SwiftShader)');
      expect((await softwareGpu.load({ backend: 'webgpu', baseUrl: BASE, maxValidPairs: PAIRS })).backend).toBe(
        'webgpu',
      );
    } finally {
      softwareGpu.dispose();
    }
  }, 120_000);

  it('says clearly when a requested backend is missing', async () => {
    await expect(service.load({ backend: 'webgl', baseUrl: BASE, maxValidPairs: PAIRS })).rejects.toThrow(
      /^the webgl backend is not available here \(webgl: WebGL is not available in Node\)/,
    );
  });

  it('falls back to WASM with a message when the WebGPU device is lost, mid-batch', async () => {
    // Few pairs: the stand-in GPU is the slow plain-JavaScript backend.
    const gpu = await service.load({ backend: 'webgpu', baseUrl: BASE, maxValidPairs: 4 });
    expect(gpu.backend).toBe('webgpu');
    const before = await service.validateBatch(4, [smallest]);
    const job = service.validateBatch(5, [smallest, smallest, smallest], (done) => {
      if (done === 1) loseDevice('simulated loss');
    });
    const results = await job;
    expect(results).toHaveLength(3);
    results.forEach((r) => expect(r.validLoss).toBeCloseTo(before[0]!.validLoss, 4));
    const after = await service.load({ backend: 'webgpu', baseUrl: BASE, maxValidPairs: 4 });
    expect(after.backend).toBe('wasm');
    expect(after.fallbackMessage).toMatch(/webgpu device was lost \(simulated loss\); switched to wasm/);
    expect(tf.getBackend()).toBe('wasm');
    // 'auto' no longer tries the lost GPU either.
    expect((await service.load({ backend: 'auto', baseUrl: BASE, maxValidPairs: PAIRS })).backend).toBe('wasm');
  }, 180_000);
});
