import * as tf from '@tensorflow/tfjs';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SubTransformerConfig } from '../../src/core/config';
import { configFeatures } from '../../src/core/features';
import { planMeasurement, type MeasuredItem, type MeasureSettings } from '../../src/core/latency/measure-plan';
import { builtinSpace, type SearchSpace } from '../../src/core/space';
import { DeployedSubTransformer } from '../../src/device-latency/deployed-transformer';
import { LatencyMeasurer } from '../../src/device-latency/measure';
import { runMeasurement, type StopRequest } from '../../src/device-latency/run';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { MeasureDb } from '../../src/storage/measure-db';

/** A small space so the protocol runs in seconds; the code path is the one real spaces take. */
const TINY: SearchSpace = {
  ...(builtinSpace('hat-wmt') as SearchSpace),
  name: 'tiny',
  superEncoderEmbedDim: 64,
  superDecoderEmbedDim: 64,
  superEncoderFfnEmbedDim: 128,
  superDecoderFfnEmbedDim: 128,
  superEncoderLayers: 2,
  superDecoderLayers: 6,
  superEncoderHeads: 4,
  superDecoderHeads: 4,
  qkvDim: 32,
  encoderEmbedChoices: [64, 32],
  decoderEmbedChoices: [64, 32],
  encoderFfnEmbedDimChoices: [128, 64],
  decoderFfnEmbedDimChoices: [128, 64],
  encoderLayerNumChoices: [2],
  decoderLayerNumChoices: [6, 1],
  encoderSelfAttentionHeadsChoices: [4, 2],
  decoderSelfAttentionHeadsChoices: [4, 2],
  decoderEndeAttentionHeadsChoices: [4, 2],
  decoderArbitraryEndeAttnChoices: [-1, 1],
  defaultTokens: 12,
};
const SETTINGS: MeasureSettings = { latIter: 6, dryRuns: 2, beam: 5, vocabSize: 64, referenceEvery: 2, threads: 1 };

const config = (decoderLayers: number, code: number): SubTransformerConfig => ({
  encoder: { embedDim: 64, layerNum: 2, ffnEmbedDims: [128, 128], selfAttentionHeads: [4, 4] },
  decoder: {
    embedDim: 64,
    layerNum: decoderLayers,
    ffnEmbedDims: Array<number>(6).fill(128),
    selfAttentionHeads: Array<number>(6).fill(4),
    endeAttentionHeads: Array<number>(6).fill(4),
    arbitraryEndeAttn: Array<number>(6).fill(code),
  },
});

beforeAll(async () => {
  await selectNodeBackend('wasm');
});

describe('latency measurement in Node (WASM)', () => {
  it('times encoder and decoder with positive finite latencies, decoder growing with its layers, no leaks', async () => {
    const before = tf.memory().numTensors;
    const measurer = new LatencyMeasurer(TINY, SETTINGS, 1);
    const afterBuild = tf.memory().numTensors;
    // Code -1 passes the encoder mask straight to the decoder cache; it must survive every timed run.
    const one = await measurer.measure(config(1, -1));
    const six = await measurer.measure(config(6, 1));
    // All that stays from config to config is the run's token table of their one embed width (64).
    expect(tf.memory().numTensors).toBe(afterBuild + 1);
    measurer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const stats of [one.encoder, one.decoder, six.encoder, six.decoder]) {
      expect(Number.isFinite(stats.meanMs) && stats.meanMs > 0).toBe(true);
      expect(Number.isFinite(stats.stdMs) && stats.stdMs >= 0).toBe(true);
      // 6 timed runs: HAT drops none at the bottom and one at the top.
      expect(stats.kept).toBe(5);
    }
    // Six decoder layers run six times the decoder work of one, per step, over 12 steps.
    expect(six.decoder.meanMs).toBeGreaterThan(1.5 * one.decoder.meanMs);
  }, 120_000);

  it('times only the deployed model: building its weights happens outside every timed interval', async () => {
    // A clock that jumps a million ms whenever a config's weights are built: a timing that spans it shows the jump.
    let jumpMs = 0;
    const build = DeployedSubTransformer.random.bind(DeployedSubTransformer);
    const spy = vi.spyOn(DeployedSubTransformer, 'random').mockImplementation((...args) => {
      const model = build(...args);
      jumpMs += 1e6;
      return model;
    });
    try {
      const measurer = new LatencyMeasurer(
        TINY,
        { ...SETTINGS, latIter: 2, dryRuns: 0 },
        1,
        () => performance.now() + jumpMs,
      );
      const small = await measurer.measure(config(1, -1));
      const large = await measurer.measure(config(6, 1));
      measurer.dispose();
      expect(spy).toHaveBeenCalledTimes(2);
      for (const stats of [small.encoder, small.decoder, large.encoder, large.decoder]) {
        expect(stats.meanMs).toBeGreaterThan(0);
        expect(stats.meanMs).toBeLessThan(1e5);
      }
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('builds each config at exactly its shapes and disposes it before the next', async () => {
    const shapes: number[][][] = [];
    const build = DeployedSubTransformer.random.bind(DeployedSubTransformer);
    const spy = vi.spyOn(DeployedSubTransformer, 'random').mockImplementation((...args) => {
      const model = build(...args);
      shapes.push(model.weights.decoderLayers.map((l) => l.fc1.weight.shape));
      return model;
    });
    try {
      const before = tf.memory().numTensors;
      const measurer = new LatencyMeasurer(TINY, { ...SETTINGS, latIter: 2, dryRuns: 0 }, 1);
      const built = tf.memory().numTensors;
      const narrow = config(2, -1);
      narrow.decoder.ffnEmbedDims = [64, 128, 64, 64, 64, 64];
      await measurer.measure(narrow);
      // Only the run's token table of width 64 stays; every layer tensor of the config is gone.
      expect(tf.memory().numTensors).toBe(built + 1);
      await measurer.measure(config(6, 1));
      expect(tf.memory().numTensors).toBe(built + 1);
      measurer.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(shapes).toEqual([
        [
          [64, 64],
          [64, 128],
        ],
        Array.from({ length: 6 }, () => [64, 128]),
      ]);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('stops between runs when asked, without leaking', async () => {
    const before = tf.memory().numTensors;
    const measurer = new LatencyMeasurer(TINY, SETTINGS, 1);
    let polls = 0;
    await expect(measurer.measure(config(2, -1), () => ++polls > 3)).rejects.toThrow('measurement stopped');
    measurer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('saves every item as measured, pauses, and a resume measures only the rest', async () => {
    const spec = {
      space: 'tiny',
      backend: 'wasm',
      count: 3,
      seed: 5,
      settings: { ...SETTINGS, latIter: 2, dryRuns: 0 },
    };
    const plan = planMeasurement({ space: TINY, count: 3, seed: 5, referenceEvery: 2 });
    expect(plan.map((i) => i.kind)).toEqual(['reference', 'sample', 'sample', 'reference', 'sample', 'reference']);
    const db = await MeasureDb.open(new IDBFactory());
    const saved: number[] = [];
    let stop: StopRequest = null;
    const save = async (item: MeasuredItem): Promise<void> => {
      await db.putItem({ ...item, runId: 'r1' });
      saved.push(item.index);
      if (saved.length === 2) stop = 'pause';
    };
    const first = await runMeasurement({ space: TINY, spec, done: [], save, control: () => stop });
    expect(first).toBe('paused');
    expect(saved).toEqual([0, 1]);

    const stored = await db.listItems('r1');
    expect(stored.map((i) => i.index)).toEqual([0, 1]);
    stop = null;
    const progress: number[] = [];
    const second = await runMeasurement({
      space: TINY,
      spec,
      done: stored,
      save,
      control: () => stop,
      onProgress: (p) => progress.push(p.measured),
    });
    expect(second).toBe('done');
    expect(saved).toEqual([0, 1, 2, 3, 4, 5]);
    expect(progress).toEqual([2, 3, 4, 5, 6]);
    const all = await db.listItems('r1');
    expect(all.map((i) => i.row.features)).toEqual(plan.map((i) => configFeatures(i.config)));
    for (const item of all) expect(item.row.latencyMeanDecoderMs).toBeGreaterThan(0);
    await db.deleteRun('r1');
    expect(await db.listItems('r1')).toEqual([]);
  }, 120_000);
});
