import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { trimmedStats, type TrimmedStats } from '../core/latency/trimmed-stats';
import type { MeasureSettings } from '../core/latency/measure-plan';
import { createRng } from '../core/rng';
import type { SearchSpace } from '../core/space';
import { EOS_ID } from '../data/bpe';
import { DeployedDecoder } from './deployed-decoder';
import { DeployedSubTransformer, type DeployedEncoding } from './deployed-transformer';
import { deployedTensors, randomSource, type DeployedShape, type WeightSource } from './deployed-weights';
import { configMismatch, superDimsFor } from '../supertransformer/dims';

export interface ConfigLatency {
  encoder: TrimmedStats;
  decoder: TrimmedStats;
}

/** Thrown out of `measure` when `shouldStop` asks to abandon the config in flight. */
export class MeasureStopped extends Error {
  constructor() {
    super('measurement stopped');
    this.name = 'MeasureStopped';
  }
}

/** First id of an ordinary token: 0-3 are padding, <s>, </s> and <unk>. */
const FIRST_WORD_ID = 4;

/**
 * The first number of `t`, [1], for a read-back that waits for the work behind `t`. A gather, not a slice: tf.js's
 * WASM slice first copies its whole input out of the heap. Call inside tf.tidy.
 */
const firstValue = (t: tf.Tensor): tf.Tensor1D => tf.gather(t.reshape([-1]), tf.tensor1d([0], 'int32')) as tf.Tensor1D;

// Lets queued messages (pause, cancel) in; kept outside every timed region.
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * HAT's latency protocol (spec section 5) on the current tf.js backend, for SubTransformers of one space at its real
 * (unscaled) dims. Each config is first built as a standalone deployed model with random weights at exactly its
 * shapes (values do not change the work done), outside every timed interval, and disposed after its timings: HAT
 * times SubTransformers exported on their own, which copy no weights when they run, so running them on slices of
 * a SuperTransformer would time copies instead of the model: tf.js copies every slice, and its WASM slice first
 * copies the whole sliced tensor out of the heap (a whole token table per decoder step).
 * Owns tensors: call dispose().
 */
export class LatencyMeasurer {
  readonly tokens: number;
  private readonly shape: DeployedShape;
  /** Random numbers for every config's weights, drawn once per run; it keeps one token table per embed width. */
  private readonly weights: WeightSource & { dispose(): void };
  /** [1, tokens]: ordinary tokens ending in </s>, no padding. */
  private readonly source: tf.Tensor2D;
  /** The decoder input of each step, [beam]: every beam row holds the same prefix, as in HAT's runs. */
  private readonly stepTokens: tf.Tensor1D[];

  constructor(
    readonly space: SearchSpace,
    readonly settings: MeasureSettings,
    seed = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = space.defaultTokens;
    const dims = superDimsFor([space], 1, settings.vocabSize);
    this.shape = {
      vocabSize: settings.vocabSize,
      qkvDim: dims.qkvDim,
      maxPositions: dims.maxPositions,
      positionWidth: dims.maxEmbedDim,
    };
    this.weights = randomSource(seed);
    const rng = createRng(seed);
    const word = (): number => FIRST_WORD_ID + rng.nextInt(settings.vocabSize - FIRST_WORD_ID);
    const sourceIds = [...Array.from({ length: this.tokens - 1 }, word), EOS_ID];
    this.source = tf.tensor2d(sourceIds, [1, this.tokens], 'int32');
    // HAT feeds a fixed target prefix; the ids do not matter for timing, only that they are ordinary tokens.
    this.stepTokens = Array.from({ length: this.tokens }, () => tf.fill([settings.beam], word(), 'int32'));
  }

  dispose(): void {
    this.weights.dispose();
    this.source.dispose();
    tf.dispose(this.stepTokens);
  }

  /**
   * Encoder and decoder latency of one config. Every timed interval ends with a read-back of the last result, which
   * waits for the device to finish the queued work: on WebGPU (and WebGL) kernels only enqueue, so a clock read
   * without it would time the enqueueing. `shouldStop` is polled between runs; when it returns true the config is
   * abandoned with MeasureStopped.
   */
  async measure(config: SubTransformerConfig, shouldStop: () => boolean = () => false): Promise<ConfigLatency> {
    const mismatch = configMismatch(config, superDimsFor([this.space], 1, this.settings.vocabSize));
    if (mismatch) throw new RangeError(mismatch);
    const model = DeployedSubTransformer.random(config, this.shape, this.weights);
    try {
      // One number computed from every weight and read back: uploads to a GPU (WebGPU, WebGL) finish here, before
      // any clock starts, without reading the weights back. Pairwise adds, not one AddN: WebGPU's AddN binds every
      // input to one shader, past its storage-buffer limit.
      const touched = tf.tidy(() =>
        deployedTensors(model.weights)
          .map(firstValue)
          .reduce((sum, value) => tf.add(sum, value)),
      );
      await touched.data();
      touched.dispose();
      const { dryRuns, latIter } = this.settings;
      const runs = async (timeOnce: () => Promise<number>): Promise<number[]> => {
        const timings: number[] = [];
        for (let i = 0; i < dryRuns + latIter; i++) {
          await yieldToEvents();
          if (shouldStop()) throw new MeasureStopped();
          const ms = await timeOnce();
          if (i >= dryRuns) timings.push(ms);
        }
        return timings;
      };
      const encoder = trimmedStats(await runs(() => this.timeEncoder(model)));
      const decoder = trimmedStats(
        await this.withBeamEncoding(model, (encoded) => runs(() => this.timeDecoder(model, encoded))),
      );
      return { encoder, decoder };
    } finally {
      model.dispose();
    }
  }

  /** One encoder pass over the source, batch 1 (no padding, so no mask, as in fairseq). */
  private async timeEncoder(model: DeployedSubTransformer): Promise<number> {
    const start = this.now();
    const last = tf.tidy(() => {
      const { layerOutputs } = model.encode(this.source, false);
      // One value of the last layer: reading it back waits for the whole pass, copying 4 bytes.
      return firstValue(layerOutputs[layerOutputs.length - 1]!);
    });
    await last.data();
    const elapsed = this.now() - start;
    last.dispose();
    return elapsed;
  }

  /**
   * HAT's decoder loop: `tokens` incremental steps over beam rows with a fresh key/value cache, including the
   * cross-attention keys/values the first step computes (fairseq caches them then) and each step's output projection.
   * The encoder output is computed and tiled to the beam once, outside the timing, as HAT does.
   */
  private async timeDecoder(model: DeployedSubTransformer, encoded: DeployedEncoding): Promise<number> {
    const start = this.now();
    const decoder = new DeployedDecoder(model, encoded);
    let logits: tf.Tensor2D | null = null;
    try {
      for (const tokens of this.stepTokens) {
        const next = decoder.step(tokens);
        logits?.dispose();
        logits = next;
      }
      const probe = tf.tidy(() => firstValue(logits!));
      await probe.data();
      const elapsed = this.now() - start;
      probe.dispose();
      return elapsed;
    } finally {
      logits?.dispose();
      decoder.dispose();
    }
  }

  private async withBeamEncoding<T>(
    model: DeployedSubTransformer,
    work: (encoded: DeployedEncoding) => Promise<T>,
  ): Promise<T> {
    const beam = this.settings.beam;
    const layerOutputs = tf.tidy(() =>
      model.encode(this.source, false).layerOutputs.map((t) => tf.tile(t, [beam, 1, 1]) as tf.Tensor3D),
    );
    const encoded: DeployedEncoding = { layerOutputs, keyMask: null };
    try {
      return await work(encoded);
    } finally {
      tf.dispose(encoded.layerOutputs);
    }
  }
}
