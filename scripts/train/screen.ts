/**
 * `npx tsx scripts/train/screen.ts <corpus dir> <width scale> <max tokens> <peak lr> <updates> [warm-up]`: a short
 * from-scratch screen of the training recipe (sandwich rule, encoder at 0.2x the rate, linear warm-up then constant),
 * to choose the width, vocabulary (the corpus dir's tokenizer), batch size and learning rate by measurement before the
 * long run. Prints the median seconds per update (the first two, which compile kernels, left out), the mean training
 * NLL of each tenth of the run, and at the end the largest and smallest SubTransformers' loss on the corpus's
 * valid-search pairs and the largest one's source gap. One WASM thread, like `npm run train`.
 */
import { selectNodeBackend } from '../../src/cli/tf-node';
import { createRng } from '../../src/core/rng';
import { packBatches } from '../../src/supertransformer/batching';
import { scaleConfig } from '../../src/supertransformer/dims';
import { isEncoderVariable } from '../../src/supertransformer/params';
import { smallestConfig } from '../../src/supertransformer/reference-configs';
import { trainingConfigsAt } from '../../src/supertransformer/training/subnet-schedule';
import { trainStep } from '../../src/supertransformer/training/train-step';
import { PreparedSet, validationLoss } from '../../src/supertransformer/validate';
import { corpusPaths, loadIdPairs, loadTokenizer } from './corpus-node';
import { freshExperimentModel, sourceGapSets } from './experiment-setup';

const [dir, scaleText = '0.25', maxTokensText = '1024', lrText = '1e-3', updatesText = '100', warmupText = '50'] =
  process.argv.slice(2);
if (dir === undefined)
  throw new Error('usage: screen.ts <corpus dir> [scale] [max tokens] [peak lr] [updates] [warm-up]');
const [scale, maxTokens, peak, updates, warmup] = [scaleText, maxTokensText, lrText, updatesText, warmupText].map(
  Number,
);

await selectNodeBackend('wasm');
const paths = corpusPaths(dir);
const tokenizer = loadTokenizer(paths.tokenizer);
const batches = packBatches(loadIdPairs(paths.train, tokenizer), maxTokens!, 96);
const rng = createRng(11);
const { model, optimizer, space, largest } = freshExperimentModel(scale!, tokenizer.vocabSize);
const smallest = scaleConfig(smallestConfig(space), scale!);
const seconds: number[] = [];
const nlls: number[] = [];
for (let step = 0; step < updates!; step++) {
  const batch = batches[rng.nextInt(batches.length)]!;
  const configs = trainingConfigsAt(space, step, 0, 1, 'sandwich').map((c) => scaleConfig(c, scale!));
  const t0 = performance.now();
  const result = trainStep(model, optimizer, configs, batch, {
    learningRate: peak! * Math.min(1, (step + 1) / warmup!),
    labelSmoothing: 0.1,
    dropout: 0,
    clipNorm: 1,
    seed: step,
    learningRateScale: (name) => (isEncoderVariable(name) ? 0.2 : 1),
  });
  seconds.push((performance.now() - t0) / 1000);
  nlls.push(result.nll);
}
const sorted = seconds.slice(2).sort((a, b) => a - b);
const tenth = Math.max(1, Math.floor(updates! / 10));
const curve = Array.from({ length: Math.ceil(updates! / tenth) }, (_, i) => {
  const window = nlls.slice(i * tenth, (i + 1) * tenth);
  return +(window.reduce((a, b) => a + b, 0) / window.length).toFixed(3);
});
const validPairs = loadIdPairs(paths.validSearch, tokenizer);
const valid = new PreparedSet(packBatches(validPairs, 4096));
const { mismatched } = sourceGapSets(validPairs);
const largestLoss = (await validationLoss(model, largest, valid)).validLoss;
const gap = (await validationLoss(model, largest, mismatched)).validLoss - largestLoss;
console.log(
  JSON.stringify({
    dir,
    scale,
    vocab: tokenizer.vocabSize,
    maxTokens,
    peak,
    updates,
    secondsPerUpdate: +(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2),
    trainNllByTenth: curve,
    validLargest: +largestLoss.toFixed(4),
    validSmallest: +(await validationLoss(model, smallest, valid)).validLoss.toFixed(4),
    sourceGap: +gap.toFixed(4),
  }),
);
