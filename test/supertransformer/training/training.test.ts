import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/cli/tf-node';
import { Adam } from '../../../src/supertransformer/training/adam';
import { pack } from '../../../src/supertransformer/batching';
import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../../../src/core/config';
import { hatName } from '../../../src/supertransformer/params';
import { SuperTransformer } from '../../../src/supertransformer/super-transformer';
import { sumGradients, trainStep } from '../../../src/supertransformer/training/train-step';
import { PreparedSet, validationLoss } from '../../../src/supertransformer/validate';
import { TINY_CONFIGS, TINY_DIMS, tinyPairs } from '../tiny-model';

// WASM's per-op overhead is far below the plain-JavaScript backend's, and these tests run thousands of small ops.
beforeAll(() => selectNodeBackend('wasm'));

interface TinyTraining {
  model: SuperTransformer;
  optimizer: Adam;
  batch: ReturnType<typeof pack>;
  configs: SubTransformerConfig[];
  /** Validation losses of `configs` on the training batch, nats. */
  losses: () => Promise<number[]>;
}

/** A fresh tiny model, its optimiser and one batch of 8 pairs (`pairsSeed`), disposed after `run`. */
async function withTinyTraining(pairsSeed: number, run: (t: TinyTraining) => Promise<void>): Promise<void> {
  const model = new SuperTransformer(TINY_DIMS, 5);
  const optimizer = new Adam(model.variables());
  const batch = pack(tinyPairs(8, pairsSeed));
  const set = new PreparedSet([batch]);
  const configs = [TINY_CONFIGS.widest!, TINY_CONFIGS.mixed!];
  const losses = async () =>
    (await Promise.all(configs.map((c) => validationLoss(model, c, set)))).map((l) => l.validLoss);
  try {
    await run({ model, optimizer, batch, configs, losses });
  } finally {
    optimizer.dispose();
    set.dispose();
    model.dispose();
  }
}

describe('training the SuperTransformer', () => {
  it('lowers the validation loss of the SubTransformers it samples, on a few sentences', async () => {
    await withTinyTraining(51, async ({ model, optimizer, batch, configs, losses }) => {
      const before = await losses();
      for (let step = 0; step < 40; step++) {
        const result = trainStep(model, optimizer, [configs[step % 2]!], batch, {
          learningRate: 1e-2,
          labelSmoothing: 0.1,
          dropout: 0,
          clipNorm: 1,
        });
        expect(Number.isFinite(result.smoothedLoss)).toBe(true);
      }
      const after = await losses();
      after.forEach((a, i) => expect(a).toBeLessThan(0.75 * before[i]!));
      // The untrained model starts near uniform over the vocabulary: ln 17 = 2.83 nats.
      expect(before[0]!).toBeGreaterThan(2);
    });
  }, 120_000);

  it('runs every SubTransformer of a sandwich update and reports their mean loss before the update', async () => {
    await withTinyTraining(52, async ({ model, optimizer, batch, configs, losses }) => {
      const before = await losses();
      const result = trainStep(model, optimizer, configs, batch, {
        learningRate: 1e-2,
        labelSmoothing: 0.1,
        dropout: 0,
        clipNorm: 0,
      });
      expect(result.nll).toBeCloseTo((before[0]! + before[1]!) / 2, 4);
      const after = await losses();
      after.forEach((a, i) => expect(a).toBeLessThan(before[i]!));
      expect(() =>
        trainStep(model, optimizer, [], batch, { learningRate: 1e-2, labelSmoothing: 0, dropout: 0, clipNorm: 0 }),
      ).toThrow(/at least one SubTransformer/);
    });
  }, 120_000);

  it('leaves frozen variables unchanged and scales the step of the others by their learning-rate factor', async () => {
    await withTinyTraining(53, async ({ model, optimizer, batch, configs }) => {
      const snapshot = (): Map<string, Float32Array> =>
        new Map(model.variables().map((v) => [hatName(v), v.dataSync() as Float32Array]));
      const maxChange = (before: Map<string, Float32Array>, prefix: string): number => {
        let largest = 0;
        for (const v of model.variables()) {
          const name = hatName(v);
          if (!name.startsWith(prefix)) continue;
          const now = v.dataSync();
          before.get(name)!.forEach((x, i) => (largest = Math.max(largest, Math.abs(now[i]! - x))));
        }
        return largest;
      };
      const options = { learningRate: 1e-2, labelSmoothing: 0.1, dropout: 0, clipNorm: 0 };
      let before = snapshot();
      trainStep(model, optimizer, [configs[0]!], batch, { ...options, isFrozen: (n) => n.startsWith('encoder.') });
      expect(maxChange(before, 'encoder.')).toBe(0);
      expect(maxChange(before, 'decoder.')).toBeGreaterThan(1e-3);
      before = snapshot();
      trainStep(model, optimizer, [configs[0]!], batch, {
        ...options,
        learningRateScale: (n) => (n.startsWith('encoder.') ? 0.01 : 1),
      });
      // Adam's steps are at most about the learning rate per weight: 1e-4 for the encoder, 1e-2 for the decoder.
      const encoderChange = maxChange(before, 'encoder.');
      expect(encoderChange).toBeGreaterThan(0);
      expect(encoderChange).toBeLessThan(1e-3);
      expect(maxChange(before, 'decoder.')).toBeGreaterThan(2e-3);
    });
  }, 120_000);

  it('sums gradients by variable, keeping those only one pass produced', () => {
    const sum = tf.tidy(() => {
      const total = sumGradients({ a: tf.scalar(1), b: tf.scalar(2) }, { b: tf.scalar(3), c: tf.scalar(4) });
      return Object.fromEntries(Object.entries(total).map(([name, g]) => [name, g.dataSync()[0]]));
    });
    expect(sum).toEqual({ a: 1, b: 5, c: 4 });
  });
});
