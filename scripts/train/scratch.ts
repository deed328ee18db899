/**
 * `npx tsx scripts/train/scratch.ts --dir <run dir> [--corpus DIR] [--minutes M]`: trains the SubTransformers of
 * SCRATCH_SETTINGS (scripts/train/settings.ts) from scratch, each as a standalone model of its own shape at the
 * SuperTransformer's width scale, on the same corpus and the same number of target tokens, for the proxy check
 * (`proxy-check.ts`).
 *
 * The models take turns: each round trains every unfinished model for `roundTargetTokens`, then saves its checkpoint
 * (weights, Adam moments, tokens seen) and logs its validation loss on the valid split, so after every round all
 * models have seen the same number of tokens and the comparison can be read at that budget. Resumable: a model
 * continues from its checkpoint; --minutes stops cleanly after the model in training finishes its round.
 *
 * A long run goes one round per process, `--minutes 0` in a shell loop until log.jsonl says "finished" (the command
 * is in the run's STATUS.md): every model then starts on an empty WASM heap, where ten models in one process once
 * ran tf.js's WASM malloc out of memory.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../../src/core/config';
import { createRng } from '../../src/core/rng';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { packBatches } from '../../src/supertransformer/batching';
import { scaleConfig, scaleDim, type SuperDims } from '../../src/supertransformer/dims';
import { isEncoderVariable } from '../../src/supertransformer/params';
import { largestConfig, smallestConfig } from '../../src/supertransformer/reference-configs';
import { SuperTransformer } from '../../src/supertransformer/super-transformer';
import { Adam } from '../../src/supertransformer/training/adam';
import { trainStep } from '../../src/supertransformer/training/train-step';
import { PreparedSet, validationLoss } from '../../src/supertransformer/validate';
import { decodeWeights, encodeWeights, type NamedArray } from '../../src/supertransformer/weight-file';
import { modelArrays, modelFromArrays } from '../../src/supertransformer/weights';
import { corpusPaths, loadIdPairs, loadTokenizer } from './corpus-node';
import { SCRATCH_SETTINGS as S, TRAIN_SETTINGS } from './settings';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    corpus: { type: 'string' },
    minutes: { type: 'string' },
    /** Smoke tests only: a subset of the configs (comma-separated names) and a smaller budget per model and round. */
    configs: { type: 'string' },
    'target-tokens': { type: 'string' },
    'round-tokens': { type: 'string' },
  },
});
if (args.dir === undefined) throw new Error('usage: scratch.ts --dir <run dir> [--corpus DIR] [--minutes M]');
const dir = args.dir;
mkdirSync(dir, { recursive: true });
const log = (entry: Record<string, unknown>): void => {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
  console.log(line);
  appendFileSync(join(dir, 'log.jsonl'), `${line}\n`);
};

await selectNodeBackend('wasm');
const space = builtinSpace(TRAIN_SETTINGS.sampleSpace)!;
const scale = TRAIN_SETTINGS.widthScale;
const paths = corpusPaths(args.corpus);
const tokenizer = loadTokenizer(paths.tokenizer);
const batches = packBatches(loadIdPairs(paths.train, tokenizer), S.maxTokens, S.maxLength);
const validSet = new PreparedSet(packBatches(loadIdPairs(paths.valid, tokenizer), 4096));
const budgetSeconds = args.minutes ? Number(args.minutes) * 60 : Infinity;
const targetTokens = args['target-tokens'] ? Number(args['target-tokens']) : S.targetTokens;
const roundTokens = args['round-tokens'] ? Number(args['round-tokens']) : S.roundTargetTokens;
let runSeconds = 0;

/** The named config in HAT's real units. */
export function scratchConfig(name: string): SubTransformerConfig {
  const entry = S.configs[name];
  if (entry === 'smallest') return smallestConfig(space);
  if (entry === 'largest') return largestConfig(space);
  if (entry === undefined) throw new Error(`no from-scratch config named ${name}`);
  return entry;
}

/** A standalone model: tensors of exactly the (scaled) config's shape, nothing shared with anything else. */
function standaloneDims(config: SubTransformerConfig): SuperDims {
  const { encoder: e, decoder: d } = config;
  return {
    vocabSize: tokenizer.vocabSize,
    maxEmbedDim: Math.max(e.embedDim, d.embedDim),
    maxEncoderFfnDim: Math.max(...e.ffnEmbedDims),
    maxDecoderFfnDim: Math.max(...d.ffnEmbedDims),
    qkvDim: scaleDim(space.qkvDim, scale),
    encoderLayers: e.layerNum,
    decoderLayers: d.layerNum,
    maxPositions: 256,
  };
}

interface State {
  model: SuperTransformer;
  optimizer: Adam;
  tokens: number;
  step: number;
  seconds: number;
}

function load(name: string, config: SubTransformerConfig): State {
  const dims = standaloneDims(config);
  const header = join(dir, name, 'checkpoint.json');
  if (!existsSync(header)) {
    const model = new SuperTransformer(dims, S.seed);
    return { model, optimizer: new Adam(model.variables(), ...S.adamBetas), tokens: 0, step: 0, seconds: 0 };
  }
  const { meta, arrays } = decodeWeights<{ tokens: number; step: number; seconds: number }>(
    JSON.parse(readFileSync(header, 'utf8')),
    new Uint8Array(readFileSync(join(dir, name, 'checkpoint.bin'))),
  );
  const model = modelFromArrays(dims, new Map([...arrays].filter(([key]) => !key.includes('/adam_'))));
  const optimizer = new Adam(model.variables(), ...S.adamBetas);
  const moments = new Map<string, { m: tf.Tensor; v: tf.Tensor }>();
  for (const variable of model.variables()) {
    const hat = variable.name.slice(variable.name.indexOf('/') + 1);
    const m = arrays.get(`${hat}/adam_m`)!;
    const v = arrays.get(`${hat}/adam_v`)!;
    moments.set(variable.name, { m: tf.tensor(m.values, m.shape), v: tf.tensor(v.values, v.shape) });
  }
  optimizer.restore(meta.step, moments);
  for (const { m, v } of moments.values()) tf.dispose([m, v]);
  return { model, optimizer, tokens: meta.tokens, step: meta.step, seconds: meta.seconds };
}

function save(name: string, state: State): void {
  const arrays: NamedArray[] = modelArrays(state.model);
  for (const [key, { m, v }] of state.optimizer.stateTensors()) {
    const hat = key.slice(key.indexOf('/') + 1);
    arrays.push({ name: `${hat}/adam_m`, shape: m.shape, values: m.dataSync() as Float32Array });
    arrays.push({ name: `${hat}/adam_v`, shape: v.shape, values: v.dataSync() as Float32Array });
  }
  const { tokens, step, seconds } = state;
  const { header, blob } = encodeWeights({ tokens, step, seconds }, arrays, 'float32');
  const base = join(dir, name, 'checkpoint');
  writeFileSync(`${base}.bin.tmp`, blob);
  writeFileSync(`${base}.json.tmp`, JSON.stringify(header));
  renameSync(`${base}.bin.tmp`, `${base}.bin`);
  renameSync(`${base}.json.tmp`, `${base}.json`);
}

/** Linear warm-up over S.warmupTokens, then cosine decay to 1 % of the peak at the target. */
function learningRate(tokens: number): number {
  const warmup = Math.min(S.warmupTokens, targetTokens / 4);
  if (tokens < warmup) return (S.peakLearningRate * Math.max(tokens, 1)) / warmup;
  const progress = Math.min(1, (tokens - warmup) / (targetTokens - warmup));
  return S.peakLearningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** Trains `name` up to the end of its current round (or its budget); returns false when this run's time is up. */
async function trainRound(name: string): Promise<boolean> {
  const config = scaleConfig(scratchConfig(name), scale);
  const state = load(name, config);
  mkdirSync(join(dir, name), { recursive: true });
  const roundEnd = Math.min(targetTokens, (Math.floor(state.tokens / roundTokens) + 1) * roundTokens);
  let nllSum = 0;
  let updates = 0;
  const rng = createRng(S.seed * 7919 + state.step);
  while (state.tokens < roundEnd) {
    const batch = batches[rng.nextInt(batches.length)]!;
    const t0 = performance.now();
    const result = trainStep(state.model, state.optimizer, [config], batch, {
      learningRate: learningRate(state.tokens),
      labelSmoothing: S.labelSmoothing,
      dropout: 0,
      clipNorm: S.clipNorm,
      seed: state.step,
      learningRateScale: (key) => (isEncoderVariable(key) ? S.encoderRateScale : 1),
    });
    const seconds = (performance.now() - t0) / 1000;
    state.seconds += seconds;
    runSeconds += seconds;
    state.tokens += batch.targetTokens;
    state.step++;
    nllSum += result.nll;
    updates++;
  }
  save(name, state);
  const valid = await validationLoss(state.model, config, validSet);
  log({
    event: 'round',
    config: name,
    tokens: state.tokens,
    step: state.step,
    trainNll: +(nllSum / Math.max(updates, 1)).toFixed(4),
    validLoss: +valid.validLoss.toFixed(4),
    seconds: Math.round(state.seconds),
  });
  state.model.dispose();
  state.optimizer.dispose();
  // A run of ten models in one process once died in WASM's malloc while building the tenth: this tracks the heap.
  log({ event: 'memory', afterConfig: name, tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });
  return runSeconds < budgetSeconds;
}

const names = args.configs ? args.configs.split(',') : Object.keys(S.configs);
names.forEach(scratchConfig); // an unknown name fails here, before any training
log({ event: 'started', configs: names, targetTokens, roundTokens, validTokens: validSet.tokens });
outer: for (;;) {
  const progress = names.map((name) => {
    const header = join(dir, name, 'checkpoint.json');
    if (!existsSync(header)) return 0;
    return (JSON.parse(readFileSync(header, 'utf8')) as { meta: { tokens: number } }).meta.tokens;
  });
  const behind = Math.min(...progress);
  if (behind >= targetTokens) {
    log({ event: 'finished', targetTokens });
    break;
  }
  for (const [i, name] of names.entries()) {
    // The model furthest behind goes first, so the models stay within one round of each other.
    if (progress[i]! > behind) continue;
    if (!(await trainRound(name))) break outer;
  }
}
log({ event: 'stopped', runSeconds: Math.round(runSeconds) });
