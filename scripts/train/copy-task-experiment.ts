/**
 * `npx tsx scripts/train/copy-task-experiment.ts <backend> <scale> <peak lr> <updates> [task]`: trains the largest
 * SubTransformer on a synthetic task whose target is a function of the source only (copy or reverse of random tokens),
 * so a model that cannot lower the loss below log(alphabet) is not reading its source.
 */
import { selectNodeBackend, type NodeBackend } from '../../src/cli/tf-node';
import type { IdPair } from '../../src/supertransformer/batching';
import { trainStep } from '../../src/supertransformer/training/train-step';
import { validationLoss } from '../../src/supertransformer/validate';
import { loadTokenizer } from './corpus-node';
import { lastEncoderSpread } from './encoder-spread';
import { freshExperimentModel, shuffledBatches, sourceGapSets } from './experiment-setup';

await selectNodeBackend((process.argv[2] ?? 'wasm') as NodeBackend);
const scale = Number(process.argv[3] ?? 0.125);
const lr = Number(process.argv[4] ?? 5e-4);
const steps = Number(process.argv[5] ?? 300);
const task = process.argv[6] ?? 'copy';
const tok = loadTokenizer();
const alphabet = 50;
let state = 12345;
const random = (): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const makePair = (): IdPair => {
  const length = 3 + Math.floor(random() * 10);
  const source = Array.from({ length }, () => 100 + Math.floor(random() * alphabet));
  return { source, target: task === 'reverse' ? [...source].reverse() : source };
};
const batches = shuffledBatches(Array.from({ length: 20000 }, makePair), 1024, 64);
const { matched: vs, mismatched: vm } = sourceGapSets(Array.from({ length: 256 }, makePair));
const { model, optimizer: opt, largest: cfg } = freshExperimentModel(scale, tok.vocabSize);
const started = Date.now();
for (let s = 0; s < steps; s++) {
  const r = trainStep(model, opt, [cfg], batches[s % batches.length]!, {
    learningRate: lr * Math.min(1, (s + 1) / 100),
    labelSmoothing: 0.1,
    dropout: 0,
    clipNorm: 1,
    seed: s,
  });
  if ((s + 1) % 25 === 0) {
    const matched = (await validationLoss(model, cfg, vs)).validLoss;
    const mismatched = (await validationLoss(model, cfg, vm)).validLoss;
    const spread = lastEncoderSpread(model, cfg, tok);
    console.log(
      `${task} ${process.argv[2]} step ${s + 1} train ${r.nll.toFixed(3)} gradNorm ${r.gradNorm.toFixed(2)} matched ${matched.toFixed(3)} mismatched ${mismatched.toFixed(3)} spread ${spread.toFixed(4)} ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
}
process.exit(0);
