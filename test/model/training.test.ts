import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { Adam } from '../../src/model/adam';
import { pack } from '../../src/model/batching';
import { SuperTransformer } from '../../src/model/super-transformer';
import * as tf from '@tensorflow/tfjs';
import { sumGradients, trainStep } from '../../src/model/train-step';
import { PreparedSet, validationLoss } from '../../src/model/validate';
import { TINY_CONFIGS, TINY_DIMS, tinyPairs } from './tiny-model';

// WASM's per-op overhead is far below the plain-JavaScript backend's, and these tests run thousands of small ops.
beforeAll(() => selectNodeBackend('wasm'));

describe('training the SuperTransformer', () => {
  it('lowers the validation loss of the SubTransformers it samples, on a few sentences', async () => {
    const model = new SuperTransformer(TINY_DIMS, 5);
    const optimizer = new Adam(model.variables());
    const batch = pack(tinyPairs(8, 51));
    const set = new PreparedSet([batch]);
    const configs = [TINY_CONFIGS.widest!, TINY_CONFIGS.mixed!];
    try {
      const before = await Promise.all(configs.map((c) => validationLoss(model, c, set)));
      for (let step = 0; step < 40; step++) {
        const result = trainStep(model, optimizer, [configs[step % 2]!], batch, {
          learningRate: 1e-2,
          labelSmoothing: 0.1,
          dropout: 0,
          clipNorm: 1,
        });
        expect(Number.isFinite(result.smoothedLoss)).toBe(true);
      }
      const after = await Promise.all(configs.map((c) => validationLoss(model, c, set)));
      after.forEach((a, i) => expect(a.validLoss).toBeLessThan(0.75 * before[i]!.validLoss));
      // The untrained model starts near uniform over the vocabulary: ln 17 = 2.83 nats.
      expect(before[0]!.validLoss).toBeGreaterThan(2);
    } finally {
      optimizer.dispose();
      set.dispose();
      model.dispose();
    }
  }, 120_000);

  it('runs every SubTransformer of a sandwich update and reports their mean loss before the update', async () => {
    const model = new SuperTransformer(TINY_DIMS, 5);
    const optimizer = new Adam(model.variables());
    const batch = pack(tinyPairs(8, 52));
    const set = new PreparedSet([batch]);
    const configs = [TINY_CONFIGS.widest!, TINY_CONFIGS.mixed!];
    try {
      const before = await Promise.all(configs.map((c) => validationLoss(model, c, set)));
      const result = trainStep(model, optimizer, configs, batch, {
        learningRate: 1e-2,
        labelSmoothing: 0.1,
        dropout: 0,
        clipNorm: 0,
      });
      expect(result.nll).toBeCloseTo((before[0]!.validLoss + before[1]!.validLoss) / 2, 4);
      const after = await Promise.all(configs.map((c) => validationLoss(model, c, set)));
      after.forEach((a, i) => expect(a.validLoss).toBeLessThan(before[i]!.validLoss));
      expect(() =>
        trainStep(model, optimizer, [], batch, { learningRate: 1e-2, labelSmoothing: 0, dropout: 0, clipNorm: 0 }),
      ).toThrow(/at least one SubTransformer/);
    } finally {
      optimizer.dispose();
      set.dispose();
      model.dispose();
    }
  }, 120_000);

  it('sums gradients by variable, keeping those only one pass produced', () => {
    const sum = tf.tidy(() => {
      const total = sumGradients({ a: tf.scalar(1), b: tf.scalar(2) }, { b: tf.scalar(3), c: tf.scalar(4) });
      return Object.fromEntries(Object.entries(total).map(([name, g]) => [name, g.dataSync()[0]]));
    });
    expect(sum).toEqual({ a: 1, b: 5, c: 4 });
  });
});
