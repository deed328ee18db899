import type { ValidationShare } from '../protocol/validation';
import { splitIntoShares } from '../supertransformer/batching';
import * as tf from '@tensorflow/tfjs';
import { validateConfig, type SubTransformerConfig } from '../core/config';
import { formatProblems } from '../core/result';
import { configMismatch } from '../supertransformer/dims';
import { beamSearch, greedyDecode } from '../supertransformer/decoding';
import { SuperTransformer, type ModelSemantics } from '../supertransformer/super-transformer';
import { PreparedSet, validationTotals } from '../supertransformer/validate';
import type { ByteSource } from '../torch/byte-source';
import { fairseqBatchIndices, packFairseqBatch } from './batches';
import type { FairseqValidSet } from './data-files';
import { decodeIds, encodeLine, FAIRSEQ_EOS, FAIRSEQ_PAD, type FairseqDictionary } from './dictionary';
import { checkIds } from './indexed-dataset';
import {
  HatCheckpointError,
  openHatCheckpoint,
  readHatTensors,
  type HatCheckpointInfo,
  type ReadOptions,
} from './hat-checkpoint';

/** fairseq's ids: </s> starts the decoder (prev_output_tokens), pad is 1. */
export const FAIRSEQ_SEMANTICS = (vocabOriginalScaling: boolean): ModelSemantics => ({
  padId: FAIRSEQ_PAD,
  decoderStartId: FAIRSEQ_EOS,
  eosId: FAIRSEQ_EOS,
  embedScale: vocabOriginalScaling ? 'super' : 'sample',
});

/** Both numbers HAT users compare: our mean token NLL and HAT's own `valid_loss`. */
export interface HatValidation {
  /** Mean token negative log-likelihood over non-pad target tokens, nats (as the demo model reports). */
  validLoss: number;
  /**
   * HAT's valid_loss as evo_search.py gets it: the label-smoothed criterion (the checkpoint's epsilon, eps/vocab
   * over the full vocabulary, pads ignored), summed over batches, / target tokens / ln 2 (fairseq's meters).
   */
  hatLoss: number;
  perplexity: number;
  tokens: number;
  /** Summed NLL of those tokens, nats: the shares of one validation (on several workers) add up. */
  nllSum: number;
  /** Sentences of the whole validation set. */
  sentences: number;
}

export interface HatLoadOptions extends ReadOptions {
  /** fairseq --max-tokens for validation batches (default: the checkpoint's --max-tokens-valid, else 4096). */
  maxTokens?: number;
  /** HAT's --valid-cnt-max: score only the first N batches. */
  maxBatches?: number;
}

/**
 * A HAT SuperTransformer (or trained SubTransformer) checkpoint with its dictionaries and validation set, ready to
 * score SubTransformers exactly as HAT does. Configs are in HAT's real units (no width scaling).
 */
export class HatAccuracyModel {
  private constructor(
    readonly info: HatCheckpointInfo,
    readonly model: SuperTransformer,
    readonly data: FairseqValidSet,
    private readonly set: PreparedSet,
    readonly batches: number[][],
  ) {}

  static async load(
    checkpoint: ByteSource,
    data: FairseqValidSet,
    options: HatLoadOptions = {},
  ): Promise<HatAccuracyModel> {
    const opened = await openHatCheckpoint(checkpoint, options);
    const { info } = opened;
    checkDictionary(
      data.sourceDictionary,
      info.dims.sourceVocabSize ?? info.dims.vocabSize,
      data.files.sourceDict,
      'encoder',
    );
    checkDictionary(data.targetDictionary, info.dims.vocabSize, data.files.targetDict, 'decoder');
    checkIds(data.sources, data.sourceDictionary.symbols.length, `${data.sourceLang} ${data.format} data`);
    checkIds(data.targets, data.targetDictionary.symbols.length, `${data.targetLang} ${data.format} data`);
    const maxTokens = options.maxTokens ?? info.maxTokensValid ?? 4096;
    let batches = fairseqBatchIndices(
      data.sources.map((s) => s.length),
      data.targets.map((t) => t.length),
      {
        maxTokens,
        seed: info.seed,
        maxSourcePositions: info.dims.maxPositions,
        maxTargetPositions: info.dims.maxPositions,
      },
    );
    if (options.maxBatches !== undefined) batches = batches.slice(0, options.maxBatches);
    const values = new Map<string, tf.Tensor>();
    try {
      // One tensor at a time: its float32 array is garbage once uploaded, so memory peaks near the weights' size.
      for await (const [name, value] of readHatTensors(opened, options)) {
        values.set(name, tf.tensor(value.data, value.shape, 'float32'));
      }
      options.signal?.throwIfAborted();
      const model = new SuperTransformer(
        info.dims,
        1,
        values,
        info.dims.maxEmbedDim,
        FAIRSEQ_SEMANTICS(info.vocabOriginalScaling),
      );
      const set = new PreparedSet(batches.map((b) => packFairseqBatch(b, data.sources, data.targets)));
      return new HatAccuracyModel(info, model, data, set, batches);
    } finally {
      tf.dispose([...values.values()]);
    }
  }

  get validTokens(): number {
    return this.set.tokens;
  }

  get validSentences(): number {
    return this.batches.reduce((sum, b) => sum + b.length, 0);
  }

  /** Throws a RangeError naming why `config` is outside the checkpoint's space. */
  check(config: SubTransformerConfig): void {
    // HAT itself runs a code that reaches past the config's encoder depth (identity layers pass outputs on).
    const problems = validateConfig(config, this.info.space).filter(
      (p) => !/attends to \d+ encoder layers/.test(p.message),
    );
    if (problems.length > 0) {
      throw new RangeError(`this config is outside the checkpoint's search space: ${formatProblems(problems)}`);
    }
    const mismatch = configMismatch(config, this.info.dims);
    if (mismatch) throw new RangeError(`this config does not fit the checkpoint: ${mismatch}`);
  }

  /** Configs run in HAT's real units here: checked, not scaled. */
  realise(config: SubTransformerConfig): SubTransformerConfig {
    this.check(config);
    return config;
  }

  /** Both losses of `config` over the validation set, or over one share of its batches (splitIntoShares). */
  async validate(config: SubTransformerConfig, share?: ValidationShare): Promise<HatValidation> {
    this.check(config);
    const batches = share
      ? splitIntoShares(
          this.set.batches.map((b) => b.source.size + b.targetIn.size),
          share.count,
        )[share.index]
      : undefined;
    if (batches?.length === 0) {
      return { validLoss: 0, hatLoss: 0, perplexity: 1, tokens: 0, nllSum: 0, sentences: this.validSentences };
    }
    const totals = await validationTotals(this.model, config, this.set, this.info.labelSmoothing, batches);
    const validLoss = totals.nllSum / totals.tokens;
    return {
      validLoss,
      hatLoss: totals.smoothedSum / totals.tokens / Math.LN2,
      perplexity: Math.exp(validLoss),
      tokens: totals.tokens,
      nllSum: totals.nllSum,
      sentences: this.validSentences,
    };
  }

  /** Translates one BPE'd source sentence; returns the BPE'd output tokens (beam 1 = greedy). */
  async translate(config: SubTransformerConfig, bpeSource: string, beam = 5, maxSteps = 200): Promise<string> {
    this.check(config);
    const ids = Array.from(encodeLine(this.data.sourceDictionary, bpeSource));
    const source = tf.tensor2d([ids], [1, ids.length], 'int32');
    try {
      const tokens =
        beam <= 1
          ? ((await greedyDecode(this.model, config, source, maxSteps))[0] ?? [])
          : (await beamSearch(this.model, config, source, { beam, maxSteps })).tokens;
      return decodeIds(this.data.targetDictionary, tokens);
    } finally {
      source.dispose();
    }
  }

  dispose(): void {
    this.set.dispose();
    this.model.dispose();
  }
}

function checkDictionary(dictionary: FairseqDictionary, rows: number, fileName: string, side: string): void {
  if (dictionary.symbols.length !== rows) {
    throw new HatCheckpointError(
      `${fileName} has ${dictionary.symbols.length} symbols (fairseq's 4 specials included) but the checkpoint's ${side} embedding table has ${rows} rows: they do not belong together`,
    );
  }
}
