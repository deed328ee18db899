import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packFairseqBatch } from '../../src/fairseq/batches';
import { HatAccuracyModel } from '../../src/fairseq/hat-accuracy-model';
import { openHatCheckpoint } from '../../src/fairseq/hat-checkpoint';
import { selectNodeTfBackend } from '../../src/tfjs/node-backend';
import { bytesSource, CheckedSource, type ByteRange, type ByteSource } from '../../src/torch/byte-source';
import { LEGACY_WINDOW, readTorchCheckpoint, StorageRef, TensorRef } from '../../src/torch/checkpoint';
import { expected, fixtureBytes, fixtureConfig, fixtureData, fixtureLogits, type Expected } from './hat-fixtures';

beforeAll(async () => {
  await selectNodeTfBackend('wasm');
});

/** Our logits for every target position of every sentence, sentences in dataset order (the fixture's layout). */
function allLogits(model: HatAccuracyModel, configName: string): Float32Array {
  const { sources, targets } = model.data;
  const order = sources.map((_, i) => i);
  const batch = packFairseqBatch(order, sources, targets);
  const vocab = model.info.dims.vocabSize;
  const padded = tf.tidy(() =>
    model.model
      .forward(fixtureConfig(configName), {
        source: tf.tensor2d(batch.source, [batch.size, batch.sourceLength], 'int32'),
        targetIn: tf.tensor2d(batch.targetIn, [batch.size, batch.targetLength], 'int32'),
      })
      .dataSync(),
  );
  const out = new Float32Array(batch.targetTokens * vocab);
  let row = 0;
  order.forEach((sentence, b) => {
    for (let t = 0; t < targets[sentence]!.length; t++, row++) {
      out.set(
        padded.subarray((b * batch.targetLength + t) * vocab, (b * batch.targetLength + t + 1) * vocab),
        row * vocab,
      );
    }
  });
  return out;
}

const maxAbsDifference = (a: Float32Array, b: Float32Array): number => {
  expect(a.length).toBe(b.length);
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
};

const sortedBatches = (batches: number[][]): number[][] => batches.map((b) => [...b].sort((x, y) => x - y));

function recording(inner: ByteSource): ByteSource & { ranges: ByteRange[] } {
  const ranges: ByteRange[] = [];
  return {
    size: inner.size,
    ranges,
    read: (offset, length) => (ranges.push({ offset, length }), inner.read(offset, length)),
  };
}

describe.each([
  ['joined', 'fp32'],
  ['joined', 'fp16'],
  ['joined', 'fp16-legacy'],
  ['separate', 'fp16'],
] as const)('HAT fixture %s, checkpoint %s', (fixture, format) => {
  const exp: Expected = expected(fixture);
  const checkpoint = exp.checkpoints[format]!;
  let model: HatAccuracyModel;
  let source: ReturnType<typeof recording>;

  beforeAll(async () => {
    source = recording(bytesSource(fixtureBytes(checkpoint.file)));
    model = await HatAccuracyModel.load(source, await fixtureData(fixture));
    return () => model.dispose();
  });

  it('reads the format, precision and dims from the checkpoint', () => {
    expect(model.info.format).toBe(checkpoint.legacy ? 'legacy' : 'zip');
    expect(model.info.precision).toBe(checkpoint.precision);
    expect(model.info.dims).toMatchObject({ maxEmbedDim: 32, maxEncoderFfnDim: 48, qkvDim: 16, encoderLayers: 6 });
    expect(model.info.labelSmoothing).toBe(exp.args.labelSmoothing);
    expect(model.info.vocabOriginalScaling).toBe(fixture === 'separate');
    expect(model.info.dims.sourceVocabSize !== undefined).toBe(fixture === 'separate');
  });

  it.each(Object.keys(exp.configs[checkpoint.precision]!))(
    'config %s: hatLoss, NLL and logits match HAT',
    async (name) => {
      const want = exp.configs[checkpoint.precision]![name]!;
      const got = await model.validate(fixtureConfig(name));
      expect(Math.abs(got.hatLoss - want.hatLoss)).toBeLessThan(1e-4);
      expect(Math.abs(got.validLoss - want.validLoss)).toBeLessThan(1e-4);
      expect(got.tokens).toBe(want.tokens);
      expect(got.sentences).toBe(want.sentences);
      expect(sortedBatches(model.batches)).toEqual(sortedBatches(want.batches));
      if (want.logits) expect(maxAbsDifference(allLogits(model, name), fixtureLogits(want.logits))).toBeLessThan(1e-4);
    },
  );

  it('never reads a byte of the optimizer state', async () => {
    const checked = new CheckedSource(bytesSource(fixtureBytes(checkpoint.file)));
    const torch = await readTorchCheckpoint(checked);
    const root = torch.root as Map<string, unknown>;
    const modelKeys = new Set(
      [...(root.get('model') as Map<string, unknown>).values()]
        .filter((t): t is TensorRef => t instanceof TensorRef)
        .map((t) => t.storage.key),
    );
    const optimizerOnly = [...torch.storages.values()].filter((s: StorageRef) => !modelKeys.has(s.key));
    expect(optimizerOnly.length).toBeGreaterThan(0);
    let optimizerBytes = 0;
    let overlap = 0;
    for (const storage of optimizerOnly) {
      const range = await torch.storageRange(storage);
      optimizerBytes += range.length;
      for (const read of source.ranges) {
        overlap += Math.max(
          0,
          Math.min(read.offset + read.length, range.offset + range.length) - Math.max(read.offset, range.offset),
        );
      }
    }
    // A zip's entries are read by exact ranges; a legacy file's pickles carry no length, so the window that finds
    // their end may run into the first storage (less than one window, read once).
    expect(overlap).toBeLessThanOrEqual(checkpoint.legacy ? LEGACY_WINDOW : 0);
    const bytesRead = source.ranges.reduce((sum, r) => sum + r.length, 0);
    if (!checkpoint.legacy) expect(bytesRead).toBeLessThanOrEqual(checkpoint.bytes - optimizerBytes);
  });
});

describe('HAT checkpoint metadata', () => {
  it('gives the space from the args and the file and model sizes', async () => {
    const { info } = await openHatCheckpoint(bytesSource(fixtureBytes('joined-fp16.pt')));
    expect(info.space.encoderEmbedChoices).toEqual([32, 24]);
    expect(info.space.decoderArbitraryEndeAttnChoices).toEqual([-1, 1, 2]);
    expect(info.space.encoderLayerNumChoices).toEqual([6, 5, 4, 3, 2, 1]);
    expect(info.sourceLang).toBe('en');
    expect(info.targetLang).toBe('de');
    expect(info.modelBytes).toBe(info.parameters * 2);
    expect(info.float32Bytes).toBe(info.parameters * 4);
    expect(info.fileBytes).toBe(fixtureBytes('joined-fp16.pt').length);
    expect(info.subTransformer).toBeNull();
  });
});

describe('a trained SubTransformer checkpoint (HAT_*.pt)', () => {
  it('loads by the same path, names its own config, validates and translates like HAT', async () => {
    const exp = expected('joined');
    const file = exp.checkpoints['subtransformer-fp16']!.file;
    const model = await HatAccuracyModel.load(bytesSource(fixtureBytes(file)), await fixtureData('joined'));
    try {
      const own = model.info.subTransformer!;
      expect(own).toEqual(fixtureConfig('mixed-a'));
      const got = await model.validate(own);
      expect(Math.abs(got.hatLoss - exp.configs.fp16!['mixed-a']!.hatLoss)).toBeLessThan(1e-4);
      // Greedy decoding's first token is the argmax of HAT's logits at the first target position of that sentence.
      const sentence = 0;
      const source = model.data.sourceDictionary.symbols;
      const text = Array.from(model.data.sources[sentence]!.subarray(0, -1), (id) => source[id]).join(' ');
      const output = await model.translate(own, text, 1, 1);
      const hat = fixtureLogits(exp.configs.fp16!['mixed-a']!.logits!).subarray(0, model.info.dims.vocabSize);
      const argmax = hat.indexOf(Math.max(...hat));
      expect(output).toBe(model.data.targetDictionary.symbols[argmax]);
    } finally {
      model.dispose();
    }
  });
});
