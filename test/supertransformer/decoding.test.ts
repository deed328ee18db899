import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { pack } from '../../src/supertransformer/batching';
import {
  beamSearch,
  disposeEncoded,
  encodeRows,
  greedyDecode,
  IncrementalDecoder,
} from '../../src/supertransformer/decoding';
import { randomTinyModel, TINY_CONFIGS, tinyPairs } from './tiny-model';

const model = randomTinyModel(13);
afterAll(() => model.dispose());

describe('incremental decoding', () => {
  for (const [name, config] of Object.entries(TINY_CONFIGS)) {
    it(`gives the teacher-forced logits at every position (${name})`, () => {
      const batch = pack(tinyPairs(3, 31));
      const source = tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32');
      const targetIn = tf.tensor2d(batch.targetIn, [batch.size, batch.targetLength], 'int32');
      const forced = tf.tidy(() => model.forward(config, { source, targetIn }).arraySync());
      const encoded = encodeRows(model, config, source);
      const decoder = new IncrementalDecoder(model, config, encoded);
      try {
        for (let t = 0; t < batch.targetLength; t++) {
          const column = tf.tidy(() => targetIn.slice([0, t], [batch.size, 1]).reshape([-1]) as tf.Tensor1D);
          const logits = decoder.step(column);
          const values = logits.arraySync();
          tf.dispose([column, logits]);
          for (let r = 0; r < batch.size; r++) {
            const expected = forced[r * batch.targetLength + t]!;
            values[r]!.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(v))));
          }
        }
        expect(decoder.steps).toBe(batch.targetLength);
      } finally {
        decoder.dispose();
        disposeEncoded(encoded);
        tf.dispose([source, targetIn]);
      }
    });
  }
});

describe('beam search', () => {
  it('with beam 1 gives greedy decoding', async () => {
    let compared = 0;
    for (const config of Object.values(TINY_CONFIGS)) {
      for (const { source } of tinyPairs(6, 41)) {
        const row = tf.tensor2d([[...source, 2]], [1, source.length + 1], 'int32');
        const greedy = (await greedyDecode(model, config, row, 12))[0]!;
        const beam = await beamSearch(model, config, row, { beam: 1, maxSteps: 12 });
        row.dispose();
        expect(beam.tokens).toEqual(greedy);
        compared++;
      }
    }
    expect(compared).toBe(24);
  });

  it('with a wider beam finds a hypothesis scoring at least as well as the greedy one', async () => {
    const config = TINY_CONFIGS.mixed!;
    const row = tf.tensor2d([[5, 9, 7, 2]], [1, 4], 'int32');
    const narrow = await beamSearch(model, config, row, { beam: 1, maxSteps: 8 });
    const wide = await beamSearch(model, config, row, { beam: 4, maxSteps: 8 });
    row.dispose();
    expect(wide.score).toBeGreaterThanOrEqual(narrow.score - 1e-6);
  });
});
