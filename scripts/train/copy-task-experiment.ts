/**
 * `npx tsx scripts/train/copy-task-experiment.ts <backend> <scale> <peak lr> <updates> [task]`: trains the largest
 * SubTransformer on a synthetic task whose target is a function of the source only (copy or reverse of random tokens),
 * so a model that cannot lower the loss below log(alphabet) is not reading its source.
 */
import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend, type NodeBackend } from '../../src/cli/tf-node';
import { builtinSpace } from '../../src/core/space';
import { packBatches, type IdPair } from '../../src/model/batching';
import { Adam } from '../../src/model/adam';
import { scaleConfig, superDimsFor } from '../../src/model/dims';
import { SuperTransformer } from '../../src/model/super-transformer';
import { trainStep } from '../../src/model/train-step';
import { PreparedSet, validationLoss } from '../../src/model/validate';
import { largestConfig } from '../../src/model/reference-configs';
import { withOtherSources } from '../../src/data/mismatch';
import { probeSource, stdAcrossPositions } from './encoder-spread';
import { loadTokenizer } from './corpus-node';

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
const batches = packBatches(Array.from({ length: 20000 }, makePair), 1024, 64);
for (let i = batches.length - 1; i > 0; i--) {
  const j = (i * 7919) % (i + 1);
  [batches[i], batches[j]] = [batches[j]!, batches[i]!];
}
const valid = Array.from({ length: 256 }, makePair);
const vs = new PreparedSet(packBatches(valid, 1024));
const vm = new PreparedSet(packBatches(withOtherSources(valid, 'source'), 1024));
const dims = superDimsFor(
  ['hat-wmt', 'hat-wmt-latency', 'hat-iwslt'].map((n) => builtinSpace(n)!),
  scale,
  tok.vocabSize,
);
const model = new SuperTransformer(dims, 1);
const opt = new Adam(model.variables(), 0.9, 0.98);
const cfg = scaleConfig(largestConfig(builtinSpace('hat-wmt-latency')!), scale);
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
    const spread = tf.tidy(() => {
      const { layerOutputs } = model.encode(cfg, probeSource(tok));
      return stdAcrossPositions(layerOutputs[layerOutputs.length - 1]!.squeeze([0]));
    });
    console.log(
      `${task} ${process.argv[2]} step ${s + 1} train ${r.nll.toFixed(3)} gradNorm ${r.gradNorm.toFixed(2)} matched ${matched.toFixed(3)} mismatched ${mismatched.toFixed(3)} spread ${spread.toFixed(4)} ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
}
process.exit(0);
