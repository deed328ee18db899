import type { SubTransformerConfig } from '../../src/core/config';
import type { SubnetRulePhase } from '../../src/supertransformer/training/subnet-schedule';
import type { EncoderPhase } from '../../src/supertransformer/training/training-phases';

/**
 * Every setting of the default SuperTransformer's training run on the software-domain corpus (issue 17). Changing
 * one changes the shipped weights: retrain with `npm run train` and update the model card. The previous run (the
 * Ding dictionary, 9906 updates) is described by its model.json in git history (commit eb15ab8).
 *
 * The recipe is the one that worked on the dictionary, from update 0: the sandwich rule (largest + smallest + one
 * sampled SubTransformer, gradients summed) and the encoder at 0.2x the learning rate (it collapsed to one vector
 * per sentence at the full rate). The cycle lengths are sized to the compute measured on this machine (README,
 * "Training on the software corpus").
 */
const LEARNING_RATE_CYCLES = [{ fromStep: 0, endStep: 12000, warmupSteps: 300, peak: 1e-3 }];

const SUBNET_RULES: SubnetRulePhase[] = [{ fromStep: 0, rule: 'sandwich' }];

const ENCODER_PHASES: EncoderPhase[] = [{ fromStep: 0, rateScale: 0.2, restart: false }];

export const TRAIN_SETTINGS = {
  /** The union of HAT's WMT space and its latency-sampling space is the latter: sample from it. */
  sampleSpace: 'hat-wmt-latency',
  spaces: ['hat-wmt', 'hat-wmt-latency', 'hat-iwslt'],
  widthScale: 0.25,
  /** What the exported model.json's `meta.data` says about the corpus (the app names the accuracy model from it). */
  data: {
    source:
      'LibreOffice help (aligned German/English paragraphs) and German gettext catalogs of LibreOffice, GNOME, KDE ' +
      'and Xfce applications (Debian 12), with a capped share of the Ding dictionary (npm run data)',
    domain: 'software (user interface and documentation)',
    licence: 'GPL-3.0-or-later as a collection; MPL-2.0, GPL and LGPL sources (public/data/LICENSE.md)',
  },
  /** Padded tokens per side and batch (fairseq's --max-tokens): ~80 pairs. */
  maxTokens: 1024,
  /** Longest side in tokens, </s> included; 0.2 % of the train pairs are longer and left out. */
  maxLength: 96,
  /** The schedule ends with its last cycle. */
  totalSteps: LEARNING_RATE_CYCLES[LEARNING_RATE_CYCLES.length - 1]!.endStep,
  learningRateCycles: LEARNING_RATE_CYCLES,
  /** Updates that train the largest SubTransformer alone before the sampling rule starts (`trainingConfigAt`). */
  largestOnlySteps: 0,
  encoderPhases: ENCODER_PHASES,
  /** HAT's `uniform` rule (one sampled SubTransformer per update) or the `sandwich` rule, by phase (`SubnetRule`). */
  subnetRules: SUBNET_RULES,
  adamBetas: [0.9, 0.98] as [number, number],
  labelSmoothing: 0.1,
  dropout: 0,
  clipNorm: 1,
  seed: 1,
  logEvery: 25,
  evalEvery: 250,
  /** Greedy BLEU of the largest and smallest SubTransformers on the first `bleuPairs` valid pairs (a learning curve). */
  bleuEvery: 1000,
  bleuPairs: 256,
  checkpointSeconds: 300,
};

const encoderLayers = (embedDim: number, ffn: number[], heads: number) => ({
  embedDim,
  layerNum: 6,
  ffnEmbedDims: ffn,
  selfAttentionHeads: ffn.map(() => heads),
});
const decoderLayers = (embedDim: number, ffn: number[], endeAttn: number, heads: number) => ({
  embedDim,
  layerNum: ffn.length,
  ffnEmbedDims: ffn,
  selfAttentionHeads: ffn.map(() => heads),
  endeAttentionHeads: ffn.map(() => heads),
  arbitraryEndeAttn: ffn.map(() => endeAttn),
});
const six = (dim: number) => [dim, dim, dim, dim, dim, dim];

/**
 * The from-scratch check of the proxy (issue 17, item 4; `scripts/train/scratch.ts`, `proxy-check.ts`): each of these
 * hat-wmt-latency SubTransformers (HAT's real units) is trained alone, at the SuperTransformer's width scale, on the
 * same corpus, for the same number of target tokens, then its validation loss is compared with its inherited one.
 * Four same-size pairs (parameters within 5 %) whose shapes a parameter count cannot tell apart, at four sizes, plus
 * the space's smallest and largest: A deep-narrow against shallow-wide decoder (34.7M); B an even against a spread
 * FFN (49.9M); C encoder-decoder attention to the last encoder layer against the last three (18.9M); D 8 against 2
 * heads everywhere (57.8M).
 */
export const SCRATCH_SETTINGS = {
  configs: {
    'A1-deep-narrow-decoder': {
      encoder: encoderLayers(512, six(2048), 8),
      decoder: decoderLayers(512, six(512), -1, 8),
    },
    'A2-shallow-wide-decoder': {
      encoder: encoderLayers(512, six(2048), 8),
      decoder: decoderLayers(512, [3072, 3072, 3072], -1, 8),
    },
    'B1-even-ffn': {
      encoder: encoderLayers(640, six(2048), 8),
      decoder: decoderLayers(640, [2048, 2048, 2048, 2048, 2048], 1, 8),
    },
    'B2-spread-ffn': {
      encoder: encoderLayers(640, [3072, 1024, 3072, 1024, 3072, 1024], 8),
      decoder: decoderLayers(640, [3072, 1024, 3072, 1024, 2048], 1, 8),
    },
    'C1-attend-last': {
      encoder: encoderLayers(512, six(1024), 4),
      decoder: decoderLayers(512, [1024, 1024], -1, 4),
    },
    'C2-attend-last-three': {
      encoder: encoderLayers(512, six(1024), 4),
      decoder: decoderLayers(512, [1024, 1024], 2, 4),
    },
    'D1-eight-heads': {
      encoder: encoderLayers(640, six(3072), 8),
      decoder: decoderLayers(640, [3072, 3072, 3072, 3072], 1, 8),
    },
    'D2-two-heads': {
      encoder: encoderLayers(640, six(3072), 2),
      decoder: decoderLayers(640, [3072, 3072, 3072, 3072], 1, 2),
    },
    smallest: 'smallest',
    largest: 'largest',
  } as Record<string, SubTransformerConfig | 'smallest' | 'largest'>,
  pairs: [
    ['A1-deep-narrow-decoder', 'A2-shallow-wide-decoder'],
    ['B1-even-ffn', 'B2-spread-ffn'],
    ['C1-attend-last', 'C2-attend-last-three'],
    ['D1-eight-heads', 'D2-two-heads'],
  ] as Array<[string, string]>,
  /**
   * Target tokens each model trains on, and how many it trains per round: the configs take turns, one round each,
   * so that at any point of the schedule every model has had the same number of tokens and a τ can be read.
   */
  targetTokens: 3_000_000,
  roundTargetTokens: 250_000,
  /** As the SuperTransformer's run, with one SubTransformer per update: Adam, cosine, encoder at 0.2x. */
  maxTokens: 2048,
  maxLength: 96,
  warmupTokens: 250_000,
  peakLearningRate: 1e-3,
  encoderRateScale: 0.2,
  adamBetas: [0.9, 0.98] as [number, number],
  labelSmoothing: 0.1,
  clipNorm: 1,
  seed: 1,
  checkpointSeconds: 300,
};
