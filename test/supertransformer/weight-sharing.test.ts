import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { pack } from '../../src/supertransformer/batching';
import { extractSubTransformer } from '../../src/supertransformer/extract';
import { configMismatch } from '../../src/supertransformer/dims';
import { modelArrays } from '../../src/supertransformer/weights';
import { PreparedSet, validationLoss } from '../../src/supertransformer/validate';
import { naiveForward } from './naive-transformer';
import { randomTinyModel, TINY_CONFIGS, TINY_DIMS, tinyPairs } from './tiny-model';

const model = randomTinyModel();
const weights = new Map(modelArrays(model).map((a) => [a.name, a]));
// Rows of different lengths, so padding masks matter too.
const batch = pack(tinyPairs(3, 11));

afterAll(() => model.dispose());

function superLogits(config: (typeof TINY_CONFIGS)[string], m = model): number[][] {
  return tf.tidy(() => {
    const source = tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32');
    const targetIn = tf.tensor2d(batch.targetIn, [batch.size, batch.targetLength], 'int32');
    return m.forward(config, { source, targetIn }).arraySync();
  });
}

const row = (flat: Int32Array, r: number, length: number): number[] =>
  Array.from(flat.slice(r * length, (r + 1) * length));

describe('SuperTransformer weight sharing against a naive reference', () => {
  for (const [name, config] of Object.entries(TINY_CONFIGS)) {
    it(`gives the naive forward pass's logits for the ${name} SubTransformer`, () => {
      const logits = superLogits(config);
      let compared = 0;
      for (let r = 0; r < batch.size; r++) {
        const expected = naiveForward(
          weights,
          TINY_DIMS,
          config,
          row(batch.source, r, batch.sourceLength),
          row(batch.targetIn, r, batch.targetLength),
        );
        expected.forEach((position, t) =>
          position.forEach((value, v) => {
            expect(Math.abs(logits[r * batch.targetLength + t]![v]! - value)).toBeLessThan(
              2e-4 * (1 + Math.abs(value)),
            );
            compared++;
          }),
        );
      }
      expect(compared).toBe(batch.size * batch.targetLength * TINY_DIMS.vocabSize);
    });
  }

  it('differs between SubTransformers (the reference is not trivially satisfied)', () => {
    const a = superLogits(TINY_CONFIGS.widest!)[0]!;
    const b = superLogits(TINY_CONFIGS.mixed!)[0]!;
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeGreaterThan(1e-2);
  });
});

describe('arbitrary encoder-decoder attention', () => {
  it('attends to the last 1, 2 or 3 encoder outputs for codes -1, 1, 2', () => {
    tf.tidy(() => {
      const source = tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32');
      const encoded = model.encode(TINY_CONFIGS.widest!, source);
      const outputs = encoded.layerOutputs.map((o) => o.arraySync());
      for (const [code, count] of [
        [-1, 1],
        [1, 2],
        [2, 3],
      ] as const) {
        const { memory, keyMask } = model.crossAttentionMemory(encoded, code);
        expect(memory.shape).toEqual([batch.size, count * batch.sourceLength, 8]);
        expect(keyMask.shape).toEqual([batch.size, 1, 1, count * batch.sourceLength]);
        const values = memory.arraySync();
        const mask = keyMask.arraySync();
        for (let j = 0; j < count; j++) {
          const layer = outputs[outputs.length - 1 - j]!;
          for (let r = 0; r < batch.size; r++) {
            for (let t = 0; t < batch.sourceLength; t++) {
              expect(values[r]![j * batch.sourceLength + t]).toEqual(layer[r]![t]);
              // The source padding mask repeats for every attended layer.
              const isPad = batch.source[r * batch.sourceLength + t] === 0;
              expect(mask[r]![0]![0]![j * batch.sourceLength + t]! < 0).toBe(isPad);
            }
          }
        }
      }
      // HAT's encoder appends every super layer's output, unused layers passing theirs on: with 2 of the 3 super
      // layers, code 2 reads layer 2, layer 2 again (the identity copy) and layer 1.
      const twoLayers = { ...encoded, layerOutputs: encoded.layerOutputs.slice(0, 2) };
      const copies = model.crossAttentionMemory(twoLayers, 2).memory.arraySync();
      const length = batch.sourceLength;
      for (const [j, layer] of [1, 1, 0].entries()) {
        expect(copies[0]!.slice(j * length, (j + 1) * length)).toEqual(outputs[layer]![0]);
      }
    });
  });

  it("refuses a code reaching past the SuperTransformer's encoder layers", () => {
    const deep = {
      ...TINY_CONFIGS.decoderWider!,
      decoder: { ...TINY_CONFIGS.decoderWider!.decoder, arbitraryEndeAttn: [2] },
    };
    expect(() => model.check(deep)).not.toThrow();
    expect(configMismatch(deep, { ...model.dims, encoderLayers: 2 })).toMatch(
      /needs 3 encoder layers, the SuperTransformer has 2/,
    );
  });
});

describe('a SubTransformer cut out as a standalone model', () => {
  const set = new PreparedSet([pack(tinyPairs(5, 21)), pack(tinyPairs(4, 22))]);
  afterAll(() => set.dispose());

  for (const [name, config] of Object.entries(TINY_CONFIGS)) {
    it(`gives the SuperTransformer path's logits and validation loss (${name})`, async () => {
      const compact = extractSubTransformer(model, config);
      try {
        // The compact model holds only what the config uses: fewer layers, narrower tensors.
        const superCount = model.variables().reduce((s, v) => s + v.size, 0);
        const compactCount = compact.variables().reduce((s, v) => s + v.size, 0);
        if (name !== 'widest') expect(compactCount).toBeLessThan(superCount);
        else expect(compactCount).toBe(superCount);
        expect(compact.dims.encoderLayers).toBe(config.encoder.layerNum);
        expect(compact.dims.decoderLayers).toBe(config.decoder.layerNum);
        const a = superLogits(config).flat();
        const b = superLogits(config, compact).flat();
        expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-5);
        const superLoss = await validationLoss(model, config, set);
        const compactLoss = await validationLoss(compact, config, set);
        expect(compactLoss.tokens).toBe(superLoss.tokens);
        expect(Math.abs(compactLoss.validLoss - superLoss.validLoss)).toBeLessThan(1e-6);
      } finally {
        compact.dispose();
      }
    });
  }
});
