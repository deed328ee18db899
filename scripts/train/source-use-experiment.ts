/**
 * `npx tsx scripts/train/source-use-experiment.ts <scale> <peak lr> <updates> <mode>`, mode one of largest, sample,
 * alternate, sandwich or warm:N: a short training run from scratch (every 20th training pair, one batch of up to
 * 1024 tokens per update) that reports every 100 updates the validation loss of the largest SubTransformer on 256
 * valid pairs with their own sources and with other pairs' sources, and the spread across positions of its last
 * encoder layer on one sentence. The gap says whether the model has started to use the source, the spread whether
 * it can tell the source's tokens apart; `sample` trains one uniformly sampled SubTransformer per update (HAT),
 * `largest` only the largest, `sandwich` the largest, the smallest and a sampled one.
 */
import { selectNodeBackend } from '../../src/cli/tf-node';
import { scaleConfig } from '../../src/supertransformer/dims';
import { isEncoderVariable } from '../../src/supertransformer/params';
import { smallestConfig } from '../../src/supertransformer/reference-configs';
import { trainingConfigsAt } from '../../src/supertransformer/training/subnet-schedule';
import { trainStep } from '../../src/supertransformer/training/train-step';
import { validationLoss } from '../../src/supertransformer/validate';
import { loadIdPairs, loadTokenizer } from './corpus-node';
import { lastEncoderSpread } from './encoder-spread';
import { freshExperimentModel, shuffledBatches, sourceGapSets } from './experiment-setup';
await selectNodeBackend('wasm');
const scale = Number(process.argv[2] ?? 0.125);
const lr = Number(process.argv[3] ?? 1e-3);
const steps = Number(process.argv[4] ?? 300);
const tok = loadTokenizer();
const train = loadIdPairs('data/train.de-en.tsv', tok);
// Optional screens: padded tokens per batch, updates between reports, and warm-up updates.
const maxTokens = Number(process.env.MAX_TOKENS ?? 1024);
const reportEvery = Number(process.env.REPORT_EVERY ?? 100);
const warmupSteps = Number(process.env.WARMUP ?? 100);
const encoderFrozenSteps = Number(process.env.FREEZE_ENCODER ?? 0);
const encoderRateScale = Number(process.env.ENCODER_LR_SCALE ?? 1);
const batches = shuffledBatches(
  train.filter((_, i) => i % 20 === 0),
  maxTokens,
  64,
);
const { matched: vs, mismatched: vm } = sourceGapSets(loadIdPairs('public/data/valid.de-en.tsv', tok).slice(0, 256));
const { model, optimizer: opt, space, largest: cfg } = freshExperimentModel(scale, tok.vocabSize);
const mode = process.argv[5] ?? 'largest';
// Updates that train only the largest before sampling (train.ts's largestOnlySteps); alternate samples on odd updates.
const largestOnlySteps = mode.startsWith('warm:')
  ? Number(mode.slice(5))
  : mode === 'sample' || mode === 'alternate' || mode === 'sandwich'
    ? 0
    : Infinity;
const rule = mode === 'sandwich' ? 'sandwich' : 'uniform';
for (let s = 0; s < steps; s++) {
  const stepConfigs =
    mode === 'alternate' && s % 2 === 0
      ? [cfg]
      : trainingConfigsAt(space, s, largestOnlySteps, 1, rule).map((c) => scaleConfig(c, scale));
  const r = trainStep(model, opt, stepConfigs, batches[s % batches.length]!, {
    learningRate: lr * Math.min(1, (s + 1) / warmupSteps),
    labelSmoothing: 0.1,
    dropout: 0,
    clipNorm: 1,
    seed: s,
    isFrozen: s < encoderFrozenSteps ? isEncoderVariable : undefined,
    learningRateScale: (name) => (isEncoderVariable(name) ? encoderRateScale : 1),
  });
  if ((s + 1) % reportEvery === 0) {
    const a = (await validationLoss(model, cfg, vs)).validLoss,
      b = (await validationLoss(model, cfg, vm)).validLoss,
      smallest = (await validationLoss(model, scaleConfig(smallestConfig(space), scale), vs)).validLoss,
      spread = lastEncoderSpread(model, cfg, tok);
    console.log(
      `${mode} tokens ${maxTokens} warmup ${warmupSteps} frozen ${encoderFrozenSteps} encoder lr x${encoderRateScale} scale ${scale} lr ${lr} step ${s + 1} train ${r.nll.toFixed(3)} valid matched ${a.toFixed(4)} mismatched ${b.toFixed(4)} gap ${(b - a).toFixed(4)} smallest ${smallest.toFixed(4)} last encoder layer spread ${spread.toFixed(4)}`,
    );
  }
}
process.exit(0);
