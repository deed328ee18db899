import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../core/config';
import { validateConfig } from '../core/config';
import { formatProblems } from '../core/result';
import { builtinSpace } from '../core/space';
import { EOS_ID, type BpeTokenizer } from '../data/bpe';
import type { Pair } from '../data/pairs';
import { packBatches, type LengthOrder } from './batching';
import { decodeWeights } from './weight-file';
import { scaleConfig } from './dims';
import { beamSearch, greedyDecode } from './decoding';
import type { SuperTransformerMeta } from './model-meta';
import type { SuperTransformer } from './super-transformer';
import { PreparedSet, validationLoss, type ValidationResult } from './validate';
import { modelFromArrays } from './weights';

/**
 * Padded tokens per validation batch, and the order pairs are grouped in. Dictionary targets vary in length as
 * much as sources, so grouping by the longer side pads less: one validation of the largest SubTransformer on the
 * 128-pair search subset took 1.39 s grouped by source in 1024-token batches, 1.19 s by the longer side, and 1.0 s
 * by the longer side in 512- or 256-token batches (WASM in Node, the other core training; same loss to 1e-4).
 */
export const VALIDATION_MAX_TOKENS = 512;
export const VALIDATION_LENGTH_ORDER: LengthOrder = 'longer-side';
export const MAX_TRANSLATION_TOKENS = 64;

/** Reads a SuperTransformer weight file (header JSON and blob), checking it is one. */
export function loadSuperTransformer(
  header: unknown,
  blob: Uint8Array,
): { meta: SuperTransformerMeta; model: SuperTransformer } {
  const { meta, arrays } = decodeWeights<SuperTransformerMeta>(header, blob);
  if (meta?.kind !== 'hat-explorer-supertransformer') {
    throw new Error(`not a SuperTransformer weight file (kind is ${String(meta?.kind)})`);
  }
  return { meta, model: modelFromArrays(meta.dims, arrays) };
}

/**
 * The accuracy proxy the search uses: a trained SuperTransformer, its tokenizer and a fixed validation set. Configs
 * come in HAT's real units and are width-scaled here; a config outside the model's spaces is refused by name.
 */
export class AccuracyModel {
  private readonly validSet: PreparedSet;

  constructor(
    readonly meta: SuperTransformerMeta,
    readonly model: SuperTransformer,
    readonly tokenizer: BpeTokenizer,
    validPairs: readonly Pair[],
  ) {
    const ids = validPairs.map(({ de, en }) => ({ source: tokenizer.encode(de), target: tokenizer.encode(en) }));
    this.validSet = new PreparedSet(packBatches(ids, VALIDATION_MAX_TOKENS, Infinity, VALIDATION_LENGTH_ORDER));
  }

  get validTokens(): number {
    return this.validSet.tokens;
  }

  /** The realised (width-scaled) config, after checking `config` belongs to one of the model's spaces. */
  realise(config: SubTransformerConfig): SubTransformerConfig {
    const problems = this.meta.spaces.map((name) => validateConfig(config, builtinSpace(name)!));
    if (problems.every((p) => p.length > 0)) {
      throw new RangeError(
        `this config is outside the SuperTransformer's spaces (${this.meta.spaces.join(', ')}): ${formatProblems(problems[0]!)}`,
      );
    }
    return scaleConfig(config, this.meta.widthScale);
  }

  validate(config: SubTransformerConfig): Promise<ValidationResult> {
    return validationLoss(this.model, this.realise(config), this.validSet);
  }

  /** German → English with the SubTransformer; beam 1 is greedy. */
  async translate(config: SubTransformerConfig, german: string, beam = 5): Promise<string> {
    const realised = this.realise(config);
    const ids = this.tokenizer.encode(german).slice(0, MAX_TRANSLATION_TOKENS - 1);
    const source = tf.tensor2d([[...ids, EOS_ID]], [1, ids.length + 1], 'int32');
    try {
      const tokens =
        beam <= 1
          ? ((await greedyDecode(this.model, realised, source, MAX_TRANSLATION_TOKENS))[0] ?? [])
          : (await beamSearch(this.model, realised, source, { beam, maxSteps: MAX_TRANSLATION_TOKENS })).tokens;
      return this.tokenizer.decode(tokens);
    } finally {
      source.dispose();
    }
  }

  dispose(): void {
    this.validSet.dispose();
    this.model.dispose();
  }
}
