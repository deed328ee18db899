import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSize } from '../../src/core/model-size';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { pack } from '../../src/supertransformer/batching';
import { disposeEncoded, encodeRows, IncrementalDecoder } from '../../src/supertransformer/decoding';
import { DeployedDecoder } from '../../src/device-latency/deployed-decoder';
import { DeployedSubTransformer } from '../../src/device-latency/deployed-transformer';
import { deployedTensors, randomSource } from '../../src/device-latency/deployed-weights';
import { randomTinyModel, TINY_CONFIGS, TINY_DIMS, tinyPairs } from '../supertransformer/tiny-model';

let model: ReturnType<typeof randomTinyModel>;

beforeAll(async () => {
  await selectNodeBackend('wasm');
  model = randomTinyModel(21);
});
afterAll(() => model.dispose());

const maxGap = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('a SubTransformer deployed as a standalone model', () => {
  for (const [name, config] of Object.entries(TINY_CONFIGS)) {
    it(`gives the SuperTransformer path's encoder outputs and step logits (${name})`, () => {
      // Rows of different lengths: the padding mask is exercised too.
      const batch = pack(tinyPairs(3, 17));
      const source = tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32');
      const targetIn = tf.tensor2d(batch.targetIn, [batch.size, batch.targetLength], 'int32');
      const deployed = DeployedSubTransformer.fromSuperTransformer(model, config);
      const shared = encodeRows(model, config, source);
      const [ownOutputs, ownMask] = tf.tidy(() => {
        const e = deployed.encode(source);
        return [e.layerOutputs, e.keyMask!] as const;
      });
      const own = { layerOutputs: ownOutputs, keyMask: ownMask };
      const sharedDecoder = new IncrementalDecoder(model, config, shared);
      const ownDecoder = new DeployedDecoder(deployed, own);
      try {
        expect(own.layerOutputs.length).toBe(shared.layerOutputs.length);
        own.layerOutputs.forEach((t, i) => expect(maxGap(t, shared.layerOutputs[i]!)).toBeLessThan(1e-4));
        let compared = 0;
        for (let t = 0; t < batch.targetLength; t++) {
          const column = tf.tidy(() => targetIn.slice([0, t], [batch.size, 1]).reshape([-1]) as tf.Tensor1D);
          const expected = sharedDecoder.step(column);
          const actual = ownDecoder.step(column);
          expect(actual.shape).toEqual([batch.size, TINY_DIMS.vocabSize]);
          expect(maxGap(actual, expected)).toBeLessThan(1e-4);
          tf.dispose([column, expected, actual]);
          compared++;
        }
        expect(compared).toBe(batch.targetLength);
        expect(ownDecoder.steps).toBe(batch.targetLength);
      } finally {
        sharedDecoder.dispose();
        ownDecoder.dispose();
        disposeEncoded(shared);
        tf.dispose([...ownOutputs, ownMask]);
        deployed.dispose();
        tf.dispose([source, targetIn]);
      }
    });
  }

  it('holds exactly the parameters of the config, nothing of the SuperTransformer beyond them', () => {
    for (const config of Object.values(TINY_CONFIGS)) {
      const deployed = DeployedSubTransformer.fromSuperTransformer(model, config);
      const w = deployed.weights;
      const positions = new Set<tf.Tensor>([w.encoderPositions, w.decoderPositions]);
      const held = deployedTensors(w)
        .filter((t) => !positions.has(t))
        .reduce((sum, t) => sum + t.size, 0);
      // core/model-size counts HAT's way, independently of the tensors: every weight plus the token table(s).
      expect(held).toBe(
        modelSize(config, TINY_DIMS.qkvDim, { sourceVocabSize: TINY_DIMS.vocabSize }).paramsWithEmbeddings,
      );
      expect(w.encoderLayers.map((l) => l.fc1.weight.shape)).toEqual(
        config.encoder.ffnEmbedDims.map((f) => [config.encoder.embedDim, f]),
      );
      deployed.dispose();
    }
  });

  it('copies no weight in a decoder step: only the cache grows and a few token-sized rows move', () => {
    const config = TINY_CONFIGS.widest!;
    const weights = randomSource(3);
    const deployed = DeployedSubTransformer.random(
      config,
      { ...TINY_DIMS, positionWidth: TINY_DIMS.maxEmbedDim },
      weights,
    );
    weights.dispose();
    const beam = 5;
    const encoded = tf.tidy(() => {
      const source = tf.tensor2d([[5, 6, 7, 8, 2]], [1, 5], 'int32');
      return deployed.encode(source, false).layerOutputs.map((t) => tf.tile(t, [beam, 1, 1]) as tf.Tensor3D);
    });
    const decoder = new DeployedDecoder(deployed, { layerOutputs: encoded, keyMask: null });
    const tokens = tf.fill([beam], 9, 'int32') as tf.Tensor1D;
    const copying = new Set(['Slice', 'Transpose', 'Pad', 'Tile', 'GatherV2', 'Concat', 'Identity']);
    const copied: Array<[string, number]> = [];
    const steps = 4;
    return (async () => {
      for (let s = 0; s < steps; s++) {
        const profile = await tf.profile(() => decoder.step(tokens));
        for (const k of profile.kernels) {
          if (!copying.has(k.name)) continue;
          copied.push([k.name, k.outputShapes.reduce((n, shape) => n + (shape ?? []).reduce((a, b) => a * b, 1), 0)]);
        }
        tf.dispose(profile.result as tf.Tensor);
      }
      decoder.dispose();
      tf.dispose([...encoded, tokens]);
      deployed.dispose();
      const dim = config.decoder.embedDim;
      const cacheAtLastStep = beam * TINY_DIMS.qkvDim * steps;
      // Every copy is a token embedding or position row (beam x dim) or the cache appended to (as fairseq's cat).
      for (const [name, size] of copied) {
        expect(size, name).toBeLessThanOrEqual(name === 'Concat' ? cacheAtLastStep : beam * dim);
      }
      const smallestWeight = Math.min(TINY_DIMS.vocabSize * dim, dim * TINY_DIMS.qkvDim);
      expect(smallestWeight).toBeGreaterThan(beam * dim);
      expect(copied.some(([name]) => name === 'Concat')).toBe(true);
    })();
  });

  it('leaves no tensor behind once disposed', () => {
    const before = tf.memory().numTensors;
    const deployed = DeployedSubTransformer.fromSuperTransformer(model, TINY_CONFIGS.mixed!);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    deployed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
