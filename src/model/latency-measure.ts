import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { trimmedStats, type TrimmedStats } from '../core/latency/trimmed-stats';
import type { MeasureSettings } from '../core/latency/measure-plan';
import { createRng } from '../core/rng';
import type { SearchSpace } from '../core/space';
import { EOS_ID } from '../data/bpe';
import { disposeEncoded, encodeRows, IncrementalDecoder } from './decoding';
import { superDimsFor, type SuperDims } from './dims';
import { matMul, transposeLast } from './matmul';
import { SuperTransformer } from './super-transformer';

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

/**
 * The SuperTransformer with its output projection reading a [dim, vocab] copy of the token table's leading columns,
 * made once per decoder embed dim of the space when the model is built. The shared model slices and transposes the
 * whole table inside every decoder step (two vocab-sized copies per step in tf.js, seconds per decoder loop at a
 * 32k vocabulary), where HAT's PyTorch reads the same slice as a view in F.linear with no copy; timing those copies
 * would make the output projection's cost depend on tf.js, not on the config.
 */
export class TimedSuperTransformer extends SuperTransformer {
  private readonly outputTables = new Map<number, tf.Tensor2D>();

  constructor(dims: SuperDims, seed: number, decoderEmbedDims: readonly number[]) {
    super(dims, seed);
    for (const dim of new Set(decoderEmbedDims)) {
      const table = this.params.embedTokens;
      this.outputTables.set(
        dim,
        tf.tidy(() => transposeLast(table.slice([0, 0], [dims.vocabSize, dim])) as tf.Tensor2D),
      );
    }
  }

  override logits(hidden2d: tf.Tensor2D, dim: number): tf.Tensor2D {
    const table = this.outputTables.get(dim);
    return table ? matMul(hidden2d, table) : super.logits(hidden2d, dim);
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([...this.outputTables.values()]);
    this.outputTables.clear();
  }
}

/** First id of an ordinary token: 0-3 are padding, <s>, </s> and <unk>. */
const FIRST_WORD_ID = 4;

// Lets queued messages (pause, cancel) in; kept outside every timed region.
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * HAT's latency protocol (spec section 5) on the current tf.js backend, for every SubTransformer of one space.
 * One SuperTransformer at the space's real dimensions with random weights is built once and every config runs on
 * slices of it, as HAT's SubTransformers do; values do not change the work done, so random weights time the same.
 * Owns tensors: call dispose().
 */
export class LatencyMeasurer {
  readonly tokens: number;
  private readonly model: TimedSuperTransformer;
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
    this.model = new TimedSuperTransformer(
      superDimsFor([space], 1, settings.vocabSize),
      seed,
      space.decoderEmbedChoices,
    );
    const rng = createRng(seed);
    const word = (): number => FIRST_WORD_ID + rng.nextInt(settings.vocabSize - FIRST_WORD_ID);
    const sourceIds = [...Array.from({ length: this.tokens - 1 }, word), EOS_ID];
    this.source = tf.tensor2d(sourceIds, [1, this.tokens], 'int32');
    // HAT feeds a fixed target prefix; the ids do not matter for timing, only that they are ordinary tokens.
    this.stepTokens = Array.from({ length: this.tokens }, () => tf.fill([settings.beam], word(), 'int32'));
  }

  dispose(): void {
    this.model.dispose();
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
    this.model.check(config);
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
    const encoder = trimmedStats(await runs(() => this.timeEncoder(config)));
    const decoder = trimmedStats(
      await this.withBeamEncoding(config, (encoded) => runs(() => this.timeDecoder(config, encoded))),
    );
    return { encoder, decoder };
  }

  /** One encoder pass over the source, batch 1. */
  private async timeEncoder(config: SubTransformerConfig): Promise<number> {
    const start = this.now();
    const last = tf.tidy(() => {
      const { layerOutputs } = this.model.encode(config, this.source);
      const output = layerOutputs[layerOutputs.length - 1]!;
      // One value of the last layer: reading it back waits for the whole pass, copying 4 bytes.
      return output.slice([0, this.tokens - 1, 0], [1, 1, 1]);
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
  private async timeDecoder(config: SubTransformerConfig, encoded: ReturnType<typeof encodeRows>): Promise<number> {
    // IncrementalDecoder.dispose() disposes the key mask it was given when a layer attends one encoder layer
    // (code -1 passes the mask through uncopied); a clone per run keeps the shared encoding intact. A clone only
    // adds a reference to the same data, made before the clock starts.
    const keyMask = tf.clone(encoded.keyMask);
    const start = this.now();
    const decoder = new IncrementalDecoder(this.model, config, { layerOutputs: encoded.layerOutputs, keyMask });
    let logits: tf.Tensor2D | null = null;
    try {
      for (const tokens of this.stepTokens) {
        const next = decoder.step(tokens);
        logits?.dispose();
        logits = next;
      }
      const probe = tf.tidy(() => logits!.slice([0, 0], [1, 1]));
      await probe.data();
      const elapsed = this.now() - start;
      probe.dispose();
      return elapsed;
    } finally {
      logits?.dispose();
      decoder.dispose();
      keyMask.dispose();
    }
  }

  private async withBeamEncoding<T>(
    config: SubTransformerConfig,
    work: (encoded: ReturnType<typeof encodeRows>) => Promise<T>,
  ): Promise<T> {
    const single = encodeRows(this.model, config, this.source);
    const beam = this.settings.beam;
    const encoded = tf.tidy(() => ({
      layerOutputs: single.layerOutputs.map((t) => tf.tile(t, [beam, 1, 1]) as tf.Tensor3D),
      keyMask: tf.tile(single.keyMask, [beam, 1, 1, 1]) as tf.Tensor4D,
    }));
    disposeEncoded(single);
    try {
      return await work(encoded);
    } finally {
      disposeEncoded(encoded);
    }
  }
}
