/**
 * `npm run model-card`: measures a trained SuperTransformer and writes its model card (model-card.json and
 * MODEL_CARD.md). Every figure comes from this run, except the training log and the proxy check, which it reads.
 *
 *   npm run model-card -- [--model public/model] [--corpus DIR] [--out DIR] [--log <run dir>/log.jsonl]
 *                         [--proxy <proxy-check.json>] [--test-pairs N] [--beam 5] [--configs 64]
 *
 * --corpus reads valid/test/tokenizer (and the train split, to check the examples are not in it) from a folder
 * written by `npm run data -- --out DIR` instead of public/data; --out defaults to --model.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { sampleConfig } from '../../src/core/gene';
import { countParams } from '../../src/core/model-stats';
import { createRng } from '../../src/core/rng';
import { builtinSpace } from '../../src/core/space';
import { spearman } from '../../src/core/stats-rank';
import { EOS_ID } from '../../src/data/bpe';
import type { DataManifest } from '../../src/data/manifest';
import { withOtherSources } from '../../src/data/mismatch';
import { parseTsv } from '../../src/data/tsv';
import { AccuracyModel, loadSuperTransformer } from '../../src/supertransformer/accuracy-model';
import { largestConfig, smallestConfig } from '../../src/supertransformer/reference-configs';
import { DEFAULT_TRANSLATE_EXAMPLE } from '../../src/app/translate-example';
import { translateAndScore } from './bleu-eval';
import { corpusPaths, loadIdPairs, loadTokenizer } from './corpus-node';
import { FRESH_EXAMPLES } from './examples';
import { TRAIN_SETTINGS } from './settings';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'public/model' },
    corpus: { type: 'string' },
    out: { type: 'string' },
    log: { type: 'string' },
    proxy: { type: 'string' },
    configs: { type: 'string', default: '64' },
    'test-pairs': { type: 'string' },
    beam: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const started = performance.now();
const modelDir = args.model!;
const outDir = args.out ?? modelDir;
const paths = corpusPaths(args.corpus);
const beam = Number(args.beam);
await selectNodeBackend('wasm');
const header = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
const { meta, model } = loadSuperTransformer(header, new Uint8Array(readFileSync(join(modelDir, 'weights.bin'))));
const tokenizer = loadTokenizer(paths.tokenizer);
const manifest = JSON.parse(readFileSync(join(paths.tokenizer, '..', 'manifest.json'), 'utf8')) as DataManifest;
const validPairs = parseTsv(readFileSync(paths.valid, 'utf8'));
const searchPairs = parseTsv(readFileSync(paths.validSearch, 'utf8'));
const testPairs = parseTsv(readFileSync(paths.test, 'utf8')).slice(
  0,
  args['test-pairs'] ? Number(args['test-pairs']) : undefined,
);
const trainPairs = existsSync(paths.train) ? parseTsv(readFileSync(paths.train, 'utf8')) : [];
const trainSources = new Set(trainPairs.map(({ de }) => de));
const fullValid = new AccuracyModel(meta, model, tokenizer, validPairs);
const space = builtinSpace(TRAIN_SETTINGS.sampleSpace)!;
const largest = largestConfig(space);
const smallest = smallestConfig(space);

// Unigram perplexity of the target side: add-one counts over the training targets (+ </s>), scored on valid.
const counts = new Float64Array(tokenizer.vocabSize).fill(1);
let countTotal = tokenizer.vocabSize;
for (const pair of loadIdPairs(paths.train, tokenizer)) {
  for (const id of [...pair.target, EOS_ID]) {
    counts[id]! += 1;
    countTotal += 1;
  }
}
let unigramNll = 0;
let unigramTokens = 0;
for (const { en } of validPairs) {
  for (const id of [...tokenizer.encode(en), EOS_ID]) {
    unigramNll -= Math.log(counts[id]! / countTotal);
    unigramTokens++;
  }
}
const unigramPerplexity = Math.exp(unigramNll / unigramTokens);
const largestValid = await fullValid.validate(largest);
// The same targets after other pairs' sources: how much the largest SubTransformer reads its source (0 = not at all).
const mismatchedValid = new AccuracyModel(meta, model, tokenizer, withOtherSources(validPairs, 'de'));
const largestSourceGap = (await mismatchedValid.validate(largest)).validLoss - largestValid.validLoss;
const smallestValid = await fullValid.validate(smallest);
console.log(
  `valid: largest perplexity ${largestValid.perplexity.toFixed(2)}, smallest ${smallestValid.perplexity.toFixed(2)}`,
);

// Spearman(params, validation loss) over random SubTransformers, scored as the search scores them.
const search = new AccuracyModel(meta, model, tokenizer, searchPairs);
async function spearmanOfDraw(seed: number): Promise<{ rho: number; secondsPerValidation: number }> {
  const rng = createRng(seed);
  const params: number[] = [];
  const losses: number[] = [];
  const drawStarted = performance.now();
  for (let i = 0; i < Number(args.configs); i++) {
    const config = sampleConfig(space, rng);
    params.push(countParams(config, space.qkvDim));
    losses.push((await search.validate(config)).validLoss);
  }
  const secondsPerValidation = (performance.now() - drawStarted) / 1000 / params.length;
  return { rho: spearman(params, losses), secondsPerValidation };
}
const draws = [];
for (let k = 0; k < 5; k++)
  draws.push({ seed: Number(args.seed) + k, ...(await spearmanOfDraw(Number(args.seed) + k)) });
console.log(`spearman(params, loss): ${draws.map((d) => d.rho.toFixed(3)).join(', ')}`);

// BLEU on the test split, beam search as fairseq's generate (and greedy, which the learning curve uses).
const bleu = async (config: typeof largest, pairs: typeof testPairs, width: number) =>
  translateAndScore(model, tokenizer, fullValid.realise(config), pairs, width);
const largestBeam = await bleu(largest, testPairs, beam);
console.log(`beam-${beam} BLEU largest ${largestBeam.bleu.toFixed(2)} (${largestBeam.seconds.toFixed(0)} s)`);
const smallestBeam = await bleu(smallest, testPairs, beam);
console.log(`beam-${beam} BLEU smallest ${smallestBeam.bleu.toFixed(2)} (${smallestBeam.seconds.toFixed(0)} s)`);
const largestGreedy = await bleu(largest, testPairs, 1);
const smallestGreedy = await bleu(smallest, testPairs, 1);

// Ten examples: the first five test pairs of 5-25 words (the split is in hashed order) and five written fresh.
const testExamples = testPairs
  .map((pair, index) => ({ ...pair, index }))
  .filter((p) => p.de.split(' ').length >= 5 && p.de.split(' ').length <= 25)
  .slice(0, 5)
  .map((p) => ({
    from: 'test split',
    german: p.de,
    reference: p.en,
    largest: largestBeam.hypotheses[p.index]!,
    smallest: smallestBeam.hypotheses[p.index]!,
  }));
const defaultIsFresh = FRESH_EXAMPLES.some(({ de }) => de === DEFAULT_TRANSLATE_EXAMPLE.de);
const freshPairs = defaultIsFresh ? FRESH_EXAMPLES : [...FRESH_EXAMPLES, DEFAULT_TRANSLATE_EXAMPLE];
const freshLargest = await bleu(largest, freshPairs, beam);
const freshSmallest = await bleu(smallest, freshPairs, beam);
const freshExamples = freshPairs.map((p, i) => ({
  from: [
    ...(i < FRESH_EXAMPLES.length ? ['written fresh'] : []),
    ...(p.de === DEFAULT_TRANSLATE_EXAMPLE.de ? ["the translate box's default"] : []),
  ].join(', '),
  german: p.de,
  reference: p.en,
  largest: freshLargest.hypotheses[i]!,
  smallest: freshSmallest.hypotheses[i]!,
  inTrainingData: trainPairs.length > 0 ? trainSources.has(p.de) : null,
}));

const trainLog =
  args.log && existsSync(args.log)
    ? readFileSync(args.log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, number | string>)
    : [];
const steps = Number((meta.training as { steps?: number }).steps ?? Infinity);
const curve = trainLog
  .filter(
    (e) => e.event === 'valid' && Number(e.step) <= steps && (Number(e.step) % 500 === 0 || Number(e.step) === steps),
  )
  .map((e) => {
    const train = [...trainLog].reverse().find((t) => t.event === 'train' && Number(t.step) <= Number(e.step));
    return {
      step: Number(e.step),
      trainNll: train?.nll ?? null,
      largest: Number(e.largest),
      smallest: Number(e.smallest),
      sourceGap: Number(e.largestSourceGap),
      largestGreedyBleu: e.largestGreedyBleu ?? null,
      smallestGreedyBleu: e.smallestGreedyBleu ?? null,
    };
  });
const lastTrain = [...trainLog].reverse().find((e) => e.event === 'train' && Number(e.step) <= steps);
const secondsPerUpdate = trainLog.length > 0 && lastTrain ? Number(meta.training.trainedSeconds) / steps : null;
const proxy = args.proxy && existsSync(args.proxy) ? JSON.parse(readFileSync(args.proxy, 'utf8')) : null;

const card = {
  model: {
    widthScale: meta.widthScale,
    dims: meta.dims,
    spaces: meta.spaces,
    weights: 'float16',
    bytes: readFileSync(join(modelDir, 'weights.bin')).byteLength,
  },
  training: { ...(meta.training as { steps: number; plannedSteps: number; trainedSeconds: number }), secondsPerUpdate },
  data: { ...meta.data, corpus: manifest.stats.pairs, bySource: manifest.stats.bySource, words: manifest.stats.words },
  metrics: {
    validPairs: validPairs.length,
    validTokens: largestValid.tokens,
    largestValidLoss: largestValid.validLoss,
    largestValidPerplexity: largestValid.perplexity,
    largestSourceGap,
    smallestValidLoss: smallestValid.validLoss,
    smallestValidPerplexity: smallestValid.perplexity,
    unigramPerplexity,
    spearmanParamsVsLoss: draws.map(({ seed, rho }) => ({ seed, rho })),
    spearmanConfigs: Number(args.configs),
    spearmanSet: `valid-search (${searchPairs.length} pairs, ${search.validTokens} target tokens)`,
    secondsPerSearchValidation: draws[0]!.secondsPerValidation,
    testPairs: testPairs.length,
    beam,
    bleuLargest: largestBeam.bleu,
    bleuSmallest: smallestBeam.bleu,
    greedyBleuLargest: largestGreedy.bleu,
    greedyBleuSmallest: smallestGreedy.bleu,
    bleuBarLargest: 25,
    bleuBarSmallest: 15,
  },
  curve,
  examples: [...testExamples, ...freshExamples],
  proxyCheck: proxy,
  measuredWith: 'npm run model-card',
  measuredAt: new Date().toISOString(),
  wallSeconds: Math.round((performance.now() - started) / 1000),
};
writeFileSync(join(outDir, 'model-card.json'), `${JSON.stringify(card, null, 2)}\n`);
writeFileSync(join(outDir, 'MODEL_CARD.md'), renderCard(card));
console.log(JSON.stringify(card.metrics));

function renderCard(c: typeof card): string {
  const m = c.metrics;
  const f = (x: number, d = 2): string => x.toFixed(d);
  const minutes = Math.round(Number(c.training.trainedSeconds) / 60);
  const sources = c.data.bySource as DataManifest['stats']['bySource'];
  const w = c.data.words as DataManifest['stats']['words'];
  const sourceRows = Object.entries(sources)
    .map(([name, s]) => `| ${name} | ${s.candidates} | ${s.pairs.train} | ${s.pairs.valid} | ${s.pairs.test} |`)
    .join('\n');
  const curveRows = c.curve
    .map(
      (p) =>
        `| ${p.step} | ${p.trainNll ?? ''} | ${f(p.largest, 3)} / ${f(p.smallest, 3)} | ${f(p.sourceGap, 3)} | ${p.largestGreedyBleu ?? ''} / ${p.smallestGreedyBleu ?? ''} |`,
    )
    .join('\n');
  const met = (value: number, bar: number) => (value >= bar ? 'yes' : 'no');
  return `# Model card: the default SuperTransformer

A weight-shared SuperTransformer (HAT, post-norm, arbitrary encoder-decoder attention) trained with tf.js on one
WASM thread, that scores any SubTransformer of ${c.model.spaces.join(', ')} for the evolutionary search and
translates German software text into English. Configs stay in HAT's real units; this model runs them at width scale
${c.model.widthScale} (every embed, FFN and qkv dim multiplied by it; layers, heads and attention codes unchanged).
Weights: ${c.model.weights}, ${(c.model.bytes / 1e6).toFixed(1)} MB, joint BPE vocabulary ${c.model.dims.vocabSize}.
Generated by \`${c.measuredWith}\` on ${c.measuredAt}; every number below comes from that run (the learning curve
from the training log, the proxy check from \`scripts/train/proxy-check.ts\`).

## Data
${c.data.source}. Licence: ${c.data.licence}. Built by \`npm run data\` from ${manifest.sources.length} pinned Debian 12 packages
(\`public/data/manifest.json\`, \`public/data/LICENSE.md\`): ${c.data.trainPairs} training pairs (sha256
${String(c.data.trainSha256).slice(0, 16)}…), ${m.validPairs} validation and ${manifest.stats.pairs.test} test pairs, split by a
hash of the German side (no German sentence in two splits); validation and test hold help and catalog pairs only.

| source | candidate pairs | train | valid | test |
| --- | --- | --- | --- | --- |
${sourceRows}

Words per sentence (German / English): train mean ${w.train.de.mean} / ${w.train.en.mean}, median ${w.train.de.median} / ${w.train.en.median}, 95th percentile ${w.train.de.p95} / ${w.train.en.p95}; ${w.train.de.sentences4to40} training pairs have 4-40 German words. Test: mean ${w.test.de.mean} / ${w.test.en.mean}, median ${w.test.de.median} / ${w.test.en.median}.

## Training (\`npm run train\`, \`scripts/train/settings.ts\`)
${c.training.steps} updates of ${c.training.plannedSteps} planned, ${minutes} minutes of training compute on one
WASM thread${c.training.secondsPerUpdate ? ` (${f(c.training.secondsPerUpdate, 1)} s per update on this shared 2-core machine)` : ''}. Every update:
the sandwich rule (the largest, the smallest and one uniformly sampled SubTransformer of ${TRAIN_SETTINGS.sampleSpace},
their gradients summed), the encoder at ${TRAIN_SETTINGS.encoderPhases[0]!.rateScale} times the learning rate,
Adam (0.9, 0.98), ${TRAIN_SETTINGS.learningRateCycles
    .map(
      (cy) =>
        `${cy.warmupSteps} warm-up updates to ${cy.peak} then cosine decay to ${cy.peak / 100} at update ${cy.endStep}`,
    )
    .join(
      '; ',
    )}, label smoothing ${TRAIN_SETTINGS.labelSmoothing}, batches of up to ${TRAIN_SETTINGS.maxTokens} padded tokens per side,
dropout ${TRAIN_SETTINGS.dropout}, gradient norm clipped at ${TRAIN_SETTINGS.clipNorm}.

Learning curve (training NLL: mean of the 25 updates before; loss: valid-search, ${searchPairs.length} pairs; source
gap: the largest's loss with other pairs' sources minus its own; BLEU: greedy, first ${TRAIN_SETTINGS.bleuPairs} valid pairs):

| update | train NLL | loss largest / smallest | source gap | greedy BLEU largest / smallest |
| --- | --- | --- | --- | --- |
${curveRows}

## Quality
| measure | value | bar | met |
| --- | --- | --- | --- |
| BLEU, largest SubTransformer, beam ${m.beam}, test split (${m.testPairs} pairs; sacreBLEU-compatible, 13a) | ${f(m.bleuLargest)} | ≥ ${m.bleuBarLargest} | ${met(m.bleuLargest, m.bleuBarLargest)} |
| BLEU, smallest SubTransformer, beam ${m.beam}, test split | ${f(m.bleuSmallest)} | ≥ ${m.bleuBarSmallest} | ${met(m.bleuSmallest, m.bleuBarSmallest)} |
| greedy BLEU, largest / smallest, test split | ${f(m.greedyBleuLargest)} / ${f(m.greedyBleuSmallest)} | | |
| validation perplexity, largest / smallest (${m.validPairs} pairs, ${m.validTokens} target tokens) | ${f(m.largestValidPerplexity)} / ${f(m.smallestValidPerplexity)} | | |
| target-side unigram perplexity (add-one, train counts) | ${f(m.unigramPerplexity, 1)} | | |
| largest, loss with other pairs' sources minus its own (0 = source ignored) | ${f(m.largestSourceGap, 3)} nats | | |
| Spearman(params, validation loss), ${m.spearmanConfigs} random SubTransformers on ${m.spearmanSet}, five draws (seeds ${m.spearmanParamsVsLoss.map((d) => d.seed).join(', ')}) | ${m.spearmanParamsVsLoss.map((d) => f(d.rho, 3)).join(', ')} | | |
| one search validation (mean over the first draw, WASM, Node) | ${f(m.secondsPerSearchValidation, 2)} s | | |

## Is the proxy's ranking real? SubTransformers trained from scratch
${renderProxy(c.proxyCheck)}

## Examples (beam ${m.beam})
${c.examples
  .map(
    (e) =>
      `- **de** (${e.from}${'inTrainingData' in e && e.inTrainingData ? ', IN THE TRAINING DATA' : ''}): ${e.german}\n  - reference: ${e.reference}\n  - largest: ${e.largest}\n  - smallest: ${e.smallest}`,
  )
  .join('\n')}
`;
}

function renderProxy(
  p: null | {
    targetTokensEach: number;
    plannedTargetTokensEach: number;
    kendallTau: number;
    spearman: number;
    kendallTauParams: number;
    pairsAgreeing: number;
    pairs: Array<{
      pair: [string, string];
      paramsRatio: number;
      inheritedDiff: number;
      scratchDiff: number;
      agree: boolean;
    }>;
    rows: Array<{ name: string; params: number; inherited: number; scratch: number }>;
    model: { steps: number };
  },
): string {
  if (p === null)
    return 'Not measured with these weights yet (`scripts/train/scratch.ts`, then `proxy-check.ts`; README).';
  const rows = p.rows
    .map((r) => `| ${r.name} | ${(r.params / 1e6).toFixed(1)}M | ${r.inherited.toFixed(4)} | ${r.scratch.toFixed(4)} |`)
    .join('\n');
  const pairs = p.pairs
    .map(
      (q) =>
        `| ${q.pair.join(' vs ')} | ${q.paramsRatio} | ${q.inheritedDiff} | ${q.scratchDiff} | ${q.agree ? 'yes' : 'no'} |`,
    )
    .join('\n');
  return `${p.rows.length} SubTransformers of ${TRAIN_SETTINGS.sampleSpace} (\`SCRATCH_SETTINGS\`), each trained alone from scratch at
the same width scale on the same corpus for ${p.targetTokensEach} target tokens (of ${p.plannedTargetTokensEach} planned), against
their validation loss inherited from SuperTransformer weights of update ${p.model.steps}; both on the full valid split.
Kendall τ ${p.kendallTau}, Spearman ${p.spearman} (parameter count alone: τ ${p.kendallTauParams}); same-size pairs ordered
as from-scratch training orders them: ${p.pairsAgreeing} of ${p.pairs.length}.

| SubTransformer | params | inherited loss | from-scratch loss |
| --- | --- | --- | --- |
${rows}

| same-size pair | params ratio | inherited difference | from-scratch difference | same order |
| --- | --- | --- | --- | --- |
${pairs}`;
}
