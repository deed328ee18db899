import type { SubnetRulePhase } from '../../src/supertransformer/training/subnet-schedule';
import type { EncoderPhase } from '../../src/supertransformer/training/training-phases';

/**
 * Cosine cycles of the learning rate (`learningRateOfCycles`); the run ends with the last. The third cycle started
 * the sandwich phase from update 4906's checkpoint at half the peak rate, so as not to undo the trained weights; the
 * fourth goes with the encoder's restart at update 6806 (ENCODER_PHASES). The losses were still falling when the
 * fourth ended, so a fifth continues the sandwich phase at a slightly lower peak, sized to one session's CPU.
 */
const LEARNING_RATE_CYCLES = [
  { fromStep: 0, endStep: 2400, warmupSteps: 200, peak: 1e-3 },
  { fromStep: 1815, endStep: 5200, warmupSteps: 100, peak: 1e-3 },
  { fromStep: 4906, endStep: 6806, warmupSteps: 100, peak: 5e-4 },
  { fromStep: 6806, endStep: 8206, warmupSteps: 100, peak: 5e-4 },
  { fromStep: 8206, endStep: 9906, warmupSteps: 50, peak: 4e-4 },
];

/**
 * The SubTransformers each update trains, by phase (`subnetRuleAt`). HAT's uniform sampling left the largest
 * SubTransformer worse than the smallest (Spearman(params, loss) +0.48 at update 4906); 1900 sandwich updates from
 * there gave -0.40, and validation perplexity 87 against 138 (README).
 */
const SUBNET_RULES: SubnetRulePhase[] = [
  { fromStep: 0, rule: 'uniform' },
  { fromStep: 4906, rule: 'sandwich' },
];

/**
 * The encoder's learning rate as a fraction of the schedule's, by phase, and whether a phase starts from fresh encoder
 * weights (`restart`). At the full rate the encoder collapsed to one vector at every position within its first
 * hundred updates, whatever the sampling rule, and never recovered (gap 0 at update 6806); at a tenth of the rate it
 * kept its tokens apart (`source-use-experiment.ts` at width 1/8). Restarted at 0.2x, 1e-4 at the cycle's peak as
 * in that screen, it gave a gap of 0.59 nats and perplexity 62 against 87 by update 8206, and 0.94 and 49 after the
 * fifth cycle at the same rate (README).
 */
const ENCODER_PHASES: EncoderPhase[] = [
  { fromStep: 0, rateScale: 1, restart: false },
  { fromStep: 6806, rateScale: 0.2, restart: true },
];

/**
 * Every setting of the default SuperTransformer's training run. Changing one changes the shipped weights: retrain
 * with `npm run train` and update the model card.
 */
export const TRAIN_SETTINGS = {
  /** The union of HAT's WMT space and its latency-sampling space is the latter: sample from it. */
  sampleSpace: 'hat-wmt-latency',
  spaces: ['hat-wmt', 'hat-wmt-latency', 'hat-iwslt'],
  widthScale: 0.25,
  trainPath: 'data/train.de-en.tsv',
  validSearchPath: 'public/data/valid-search.de-en.tsv',
  /** Padded tokens per side and batch (fairseq's --max-tokens). */
  maxTokens: 1024,
  maxLength: 64,
  /** The schedule ends with its last cycle. */
  totalSteps: LEARNING_RATE_CYCLES[LEARNING_RATE_CYCLES.length - 1]!.endStep,
  /**
   * The first cycle was planned for 2400 updates; at update 1815 the valid loss was still falling steeply while the
   * rate had decayed to 1.7e-4, so a second cycle restarts it (re-warmed, since Adam's moments carry over), sized to what the session's CPU allowed.
   */
  learningRateCycles: LEARNING_RATE_CYCLES,
  /**
   * Updates that train the largest SubTransformer before uniform sampling starts (`trainingConfigAt`). The shipped
   * weights had none (HAT). A 400-update warm start with one 3600-update cycle made the encoder read its source (gap
   * 0.26 nats, against 0) but gave worse perplexity (224 vs 138) and Spearman (+0.58 vs +0.48): README.
   */
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
  checkpointSeconds: 300,
};
