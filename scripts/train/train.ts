/**
 * `npm run train`: trains the default SuperTransformer with tf.js (WASM, one thread) in Node, the HAT way: every
 * update samples one SubTransformer uniformly from the space and trains the shared weights through it.
 *
 *   npm run train -- [--dir data/train-run] [--minutes M] [--export public/model] [--init-from public/model]
 *   npm run train -- --dir data/train-run --export-now      write the shipped weights from the last checkpoint
 *
 * It checkpoints every few minutes (weights, Adam moments, step) into --dir and resumes from there, so one run can
 * span several sessions; --minutes stops this invocation cleanly after M minutes of training. At the end of the
 * schedule (or with --export-now) it writes the float16 weights the app ships.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/core/rng';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { packBatches } from '../../src/supertransformer/batching';
import { Adam } from '../../src/supertransformer/training/adam';
import { decodeWeights, encodeWeights, type NamedArray } from '../../src/supertransformer/weight-file';
import { scaleConfig, superDimsFor } from '../../src/supertransformer/dims';
import { learningRateOfCycles } from '../../src/supertransformer/training/schedule';
import { hatName, isEncoderVariable } from '../../src/supertransformer/params';
import { SuperTransformer } from '../../src/supertransformer/super-transformer';
import { subnetRuleAt, trainingConfigsAt } from '../../src/supertransformer/training/subnet-schedule';
import { withOtherSources } from '../../src/data/mismatch';
import { trainStep } from '../../src/supertransformer/training/train-step';
import { phaseAt } from '../../src/supertransformer/training/training-phases';
import { PreparedSet, validationLoss } from '../../src/supertransformer/validate';
import { modelArrays, modelFromArrays } from '../../src/supertransformer/weights';
import { largestConfig, smallestConfig } from '../../src/supertransformer/reference-configs';
import { translateAndScore } from './bleu-eval';
import { corpusPaths, loadIdPairs, loadTokenizer } from './corpus-node';
import { parseTsv } from '../../src/data/tsv';
import { TRAIN_SETTINGS as S } from './settings';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: 'data/train-run' },
    minutes: { type: 'string' },
    'export-now': { type: 'boolean', default: false },
    export: { type: 'string', default: 'public/model' },
    'init-from': { type: 'string' },
    /** A folder written by `npm run data -- --out DIR` (train, valid-search and tokenizer), instead of public/data. */
    corpus: { type: 'string' },
  },
});
const corpus = corpusPaths(args.corpus);
const dir = args.dir!;
mkdirSync(dir, { recursive: true });
const log = (entry: Record<string, unknown>): void => {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
  console.log(line);
  appendFileSync(join(dir, 'log.jsonl'), `${line}\n`);
};

await selectNodeBackend('wasm');
const space = builtinSpace(S.sampleSpace)!;
const tokenizer = loadTokenizer(corpus.tokenizer);
const trainText = readFileSync(corpus.train);
const trainSha256 = createHash('sha256').update(trainText).digest('hex');
const trainPairs = loadIdPairs(corpus.train, tokenizer);
const batches = packBatches(trainPairs, S.maxTokens, S.maxLength);
const validPairs = loadIdPairs(corpus.validSearch, tokenizer);
// The learning curve in BLEU: the first pairs of the valid split (never the test split), decoded greedily.
const bleuPairs = parseTsv(readFileSync(corpus.valid, 'utf8')).slice(0, S.bleuPairs);
const validSet = new PreparedSet(packBatches(validPairs, 4096));
// The same targets after other pairs' sources: a loss no higher than validSet's means the encoder is unused.
const mismatchedSet = new PreparedSet(packBatches(withOtherSources(validPairs, 'source'), 4096));
const dims = superDimsFor(
  S.spaces.map((name) => builtinSpace(name)!),
  S.widthScale,
  tokenizer.vocabSize,
);
log({ event: 'data', trainPairs: trainPairs.length, batches: batches.length, validTokens: validSet.tokens, dims });

const checkpointPath = join(dir, 'checkpoint.json');
let model: SuperTransformer;
let optimizer: Adam;
let startStep = 0;
let trainedSeconds = 0;
if (existsSync(checkpointPath)) {
  const header = JSON.parse(readFileSync(checkpointPath, 'utf8'));
  const { meta, arrays } = decodeWeights<{ step: number; trainedSeconds: number }>(
    header,
    new Uint8Array(readFileSync(join(dir, 'checkpoint.bin'))),
  );
  const weights = new Map([...arrays].filter(([name]) => !name.includes('/adam_')));
  model = modelFromArrays(dims, weights);
  optimizer = new Adam(model.variables(), ...S.adamBetas);
  const moments = new Map<string, { m: tf.Tensor; v: tf.Tensor }>();
  for (const variable of model.variables()) {
    const hat = variable.name.slice(variable.name.indexOf('/') + 1);
    const m = arrays.get(`${hat}/adam_m`)!;
    const v = arrays.get(`${hat}/adam_v`)!;
    moments.set(variable.name, { m: tf.tensor(m.values, m.shape), v: tf.tensor(v.values, v.shape) });
  }
  optimizer.restore(meta.step, moments);
  for (const { m, v } of moments.values()) tf.dispose([m, v]);
  startStep = meta.step;
  trainedSeconds = meta.trainedSeconds;
  log({ event: 'resumed', step: startStep, trainedSeconds });
} else if (args['init-from'] && existsSync(join(args['init-from'], 'model.json'))) {
  // A new machine has no checkpoint but the repository has the shipped float16 weights: continue the schedule from
  // them with fresh Adam moments (a warm restart), rather than from scratch.
  const dirFrom = args['init-from'];
  const header = JSON.parse(readFileSync(join(dirFrom, 'model.json'), 'utf8'));
  const { meta, arrays } = decodeWeights<{ training: { steps: number; trainedSeconds: number } }>(
    header,
    new Uint8Array(readFileSync(join(dirFrom, 'weights.bin'))),
  );
  model = modelFromArrays(dims, arrays);
  optimizer = new Adam(model.variables(), ...S.adamBetas);
  startStep = meta.training.steps;
  trainedSeconds = meta.training.trainedSeconds;
  log({ event: 'initialised-from-shipped', from: dirFrom, step: startStep });
} else {
  model = new SuperTransformer(dims, S.seed);
  optimizer = new Adam(model.variables(), ...S.adamBetas);
  log({ event: 'started', settings: S });
}

function saveCheckpoint(step: number): void {
  const arrays: NamedArray[] = modelArrays(model);
  for (const [name, { m, v }] of optimizer.stateTensors()) {
    const hat = name.slice(name.indexOf('/') + 1);
    arrays.push({ name: `${hat}/adam_m`, shape: m.shape, values: m.dataSync() as Float32Array });
    arrays.push({ name: `${hat}/adam_v`, shape: v.shape, values: v.dataSync() as Float32Array });
  }
  const { header, blob } = encodeWeights({ step, trainedSeconds }, arrays, 'float32');
  // Write-then-rename: an interruption mid-write leaves the previous checkpoint intact.
  writeFileSync(`${checkpointPath}.bin.tmp`, blob);
  writeFileSync(`${checkpointPath}.tmp`, JSON.stringify(header));
  renameSync(`${checkpointPath}.bin.tmp`, join(dir, 'checkpoint.bin'));
  renameSync(`${checkpointPath}.tmp`, checkpointPath);
  log({ event: 'checkpoint', step, trainedSeconds: Math.round(trainedSeconds) });
}

async function evaluate(step: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [label, config] of [
    ['largest', largestConfig(space)],
    ['smallest', smallestConfig(space)],
  ] as const) {
    out[label] = (await validationLoss(model, scaleConfig(config, S.widthScale), validSet)).validLoss;
  }
  const largest = scaleConfig(largestConfig(space), S.widthScale);
  out.largestSourceGap = (await validationLoss(model, largest, mismatchedSet)).validLoss - out.largest!;
  if (step % S.bleuEvery === 0 || step >= S.totalSteps) {
    for (const [label, config] of [
      ['largest', largestConfig(space)],
      ['smallest', smallestConfig(space)],
    ] as const) {
      const run = await translateAndScore(model, tokenizer, scaleConfig(config, S.widthScale), bleuPairs, 1);
      out[`${label}GreedyBleu`] = +run.bleu.toFixed(2);
    }
  }
  log({ event: 'valid', step, ...out });
  return out;
}

function exportShipped(step: number): void {
  mkdirSync(args.export!, { recursive: true });
  const tokenizerSha = createHash('sha256').update(readFileSync(corpus.tokenizer)).digest('hex');
  const { header, blob } = encodeWeights(
    {
      kind: 'hat-explorer-supertransformer',
      dims,
      widthScale: S.widthScale,
      spaces: S.spaces,
      tokenizer: { path: 'data/tokenizer.json', sha256: tokenizerSha, vocabSize: tokenizer.vocabSize },
      data: { ...S.data, trainPairs: trainPairs.length, trainSha256 },
      training: { ...S, steps: step, plannedSteps: S.totalSteps, trainedSeconds: Math.round(trainedSeconds) },
    },
    modelArrays(model),
    'float16',
  );
  writeFileSync(join(args.export!, 'weights.bin'), blob);
  writeFileSync(join(args.export!, 'model.json'), `${JSON.stringify(header, null, 1)}\n`);
  log({ event: 'exported', step, dir: args.export, bytes: blob.byteLength });
}

if (args['export-now']) {
  exportShipped(startStep);
  process.exit(0);
}

const orderCache = new Map<number, number[]>();
const budgetSeconds = args.minutes ? Number(args.minutes) * 60 : Infinity;
let sinceCheckpointS = 0;
let windowTokens = 0;
let windowSeconds = 0;
let windowLoss = 0;
let windowSteps = 0;
let thisRunSeconds = 0;
let step = startStep;
for (; step < S.totalSteps && thisRunSeconds < budgetSeconds; step++) {
  const epoch = Math.floor(step / batches.length);
  const order = epochOrder(epoch);
  const batch = batches[order[step % batches.length]!]!;
  const encoderPhase = phaseAt(step, S.encoderPhases, 'encoder phase');
  if (encoderPhase.restart && step === encoderPhase.fromStep) restartEncoder(step);
  const configs = trainingConfigsAt(space, step, S.largestOnlySteps, S.seed, subnetRuleAt(step, S.subnetRules)).map(
    (c) => scaleConfig(c, S.widthScale),
  );
  const t0 = performance.now();
  const result = trainStep(model, optimizer, configs, batch, {
    learningRate: learningRateOfCycles(step, S.learningRateCycles),
    labelSmoothing: S.labelSmoothing,
    dropout: S.dropout,
    clipNorm: S.clipNorm,
    seed: step,
    learningRateScale: (name) => (isEncoderVariable(name) ? encoderPhase.rateScale : 1),
  });
  const seconds = (performance.now() - t0) / 1000;
  trainedSeconds += seconds;
  thisRunSeconds += seconds;
  sinceCheckpointS += seconds;
  windowSeconds += seconds;
  windowTokens += batch.targetTokens;
  windowLoss += result.nll;
  windowSteps++;
  if ((step + 1) % S.logEvery === 0) {
    log({
      event: 'train',
      step: step + 1,
      epoch,
      nll: +(windowLoss / windowSteps).toFixed(4),
      lr: +learningRateOfCycles(step, S.learningRateCycles).toExponential(3),
      targetTokensPerS: Math.round(windowTokens / windowSeconds),
      tensors: tf.memory().numTensors,
    });
    windowTokens = windowSeconds = windowLoss = windowSteps = 0;
  }
  if ((step + 1) % S.evalEvery === 0) await evaluate(step + 1);
  if (sinceCheckpointS > S.checkpointSeconds) {
    saveCheckpoint(step + 1);
    sinceCheckpointS = 0;
  }
}
saveCheckpoint(step);
await evaluate(step);
if (step >= S.totalSteps) exportShipped(step);

function epochOrder(epoch: number): number[] {
  const cached = orderCache.get(epoch);
  if (cached) return cached;
  const rng = createRng(S.seed + 7919 * (epoch + 1));
  const order = batches.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  orderCache.clear();
  orderCache.set(epoch, order);
  return order;
}

/**
 * Gives the encoder's layers fresh initial values (fairseq's initialisation, seeded by the step) and zero Adam
 * moments: a collapsed encoder, one vector at every position, passes the decoder nothing and gets gradients too
 * small to recover (README).
 */
function restartEncoder(step: number): void {
  const fresh = new SuperTransformer(dims, S.seed + step);
  const freshByName = new Map(fresh.variables().map((variable) => [hatName(variable), variable]));
  const moments = optimizer.stateTensors();
  for (const variable of model.variables()) {
    const name = hatName(variable);
    if (!isEncoderVariable(name)) continue;
    variable.assign(freshByName.get(name)!);
    const { m, v } = moments.get(variable.name)!;
    tf.tidy(() => {
      m.assign(tf.zerosLike(m));
      v.assign(tf.zerosLike(v));
    });
  }
  fresh.dispose();
  log({ event: 'encoder-restarted', step });
}
