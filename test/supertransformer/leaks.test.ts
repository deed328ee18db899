import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { pack } from '../../src/supertransformer/batching';
import { beamSearch, greedyDecode } from '../../src/supertransformer/decoding';
import { PreparedSet, validationLoss } from '../../src/supertransformer/validate';
import { randomTinyModel, TINY_CONFIGS, tinyPairs } from './tiny-model';

// WASM's per-op overhead is far below the plain-JavaScript backend's, and these tests run thousands of small ops.
beforeAll(() => selectNodeBackend('wasm'));

describe('tensor memory', () => {
  it('is the same after 1000 validations as after 10', async () => {
    const model = randomTinyModel(17);
    const set = new PreparedSet([pack(tinyPairs(4, 61)), pack(tinyPairs(3, 62))]);
    const configs = Object.values(TINY_CONFIGS);
    const run = async (count: number, from: number): Promise<void> => {
      for (let i = from; i < from + count; i++) await validationLoss(model, configs[i % configs.length]!, set);
    };
    try {
      await run(10, 0);
      const after10 = tf.memory().numTensors;
      const bytesAfter10 = tf.memory().numBytes;
      await run(990, 10);
      expect(tf.memory().numTensors).toBe(after10);
      expect(tf.memory().numBytes).toBe(bytesAfter10);
    } finally {
      set.dispose();
      model.dispose();
    }
  }, 120_000);

  it('does not grow with greedy and beam decoding, and a disposed model frees everything', async () => {
    const start = tf.memory().numTensors;
    const model = randomTinyModel(19);
    const source = tf.tensor2d([[5, 6, 7, 2]], [1, 4], 'int32');
    const decode = async (): Promise<void> => {
      await greedyDecode(model, TINY_CONFIGS.mixed!, source, 6);
      await beamSearch(model, TINY_CONFIGS.widest!, source, { beam: 3, maxSteps: 6 });
    };
    await decode();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await decode();
    expect(tf.memory().numTensors).toBe(after1);
    source.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
