/**
 * `npx tsx scripts/train/proxy-check.ts --model <dir> --scratch <run dir> [--corpus DIR] [--out file.json]`: HAT's
 * premise, checked. For every SubTransformer of SCRATCH_SETTINGS it compares the validation loss inherited from the
 * SuperTransformer in <dir> (model.json + weights.bin, e.g. `npm run train -- --export-now --export <dir>`) with the
 * validation loss of the same SubTransformer trained from scratch (`scratch.ts`), both on the full valid split, at
 * the largest token budget every from-scratch model has reached. Prints and writes Kendall τ, Spearman, and how many
 * same-size pairs the proxy orders as from-scratch training does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { countParams } from '../../src/core/model-stats';
import { builtinSpace } from '../../src/core/space';
import { spearman } from '../../src/core/stats-rank';
import { kendallTau } from '../../src/core/latency/metrics';
import { pairOrders, scratchLossesAt, type ProxyRow } from '../../src/core/proxy-agreement';
import { parseTsv } from '../../src/data/tsv';
import { AccuracyModel, loadSuperTransformer } from '../../src/supertransformer/accuracy-model';
import { largestConfig, smallestConfig } from '../../src/supertransformer/reference-configs';
import type { SubTransformerConfig } from '../../src/core/config';
import { corpusPaths, loadTokenizer } from './corpus-node';
import { SCRATCH_SETTINGS, TRAIN_SETTINGS } from './settings';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'public/model' },
    scratch: { type: 'string' },
    corpus: { type: 'string' },
    out: { type: 'string' },
  },
});
if (args.scratch === undefined) throw new Error('usage: proxy-check.ts --model <dir> --scratch <run dir>');
await selectNodeBackend('wasm');
const paths = corpusPaths(args.corpus);
const header = JSON.parse(readFileSync(join(args.model!, 'model.json'), 'utf8'));
const { meta, model } = loadSuperTransformer(header, new Uint8Array(readFileSync(join(args.model!, 'weights.bin'))));
const proxy = new AccuracyModel(
  meta,
  model,
  loadTokenizer(paths.tokenizer),
  parseTsv(readFileSync(paths.valid, 'utf8')),
);
const space = builtinSpace(TRAIN_SETTINGS.sampleSpace)!;
const configOf = (name: string): SubTransformerConfig => {
  const entry = SCRATCH_SETTINGS.configs[name]!;
  return entry === 'smallest' ? smallestConfig(space) : entry === 'largest' ? largestConfig(space) : entry;
};

// From-scratch losses by config and token budget, from the scratch run's log.
const rounds = readFileSync(join(args.scratch, 'log.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.includes('"event":"round"'))
  .map((line) => JSON.parse(line) as { config: string; tokens: number; validLoss: number });
const started = JSON.parse(
  readFileSync(join(args.scratch, 'log.jsonl'), 'utf8')
    .split('\n')
    .find((line) => line.includes('"event":"started"'))!,
) as { roundTokens?: number };
const roundTokens = started.roundTokens ?? SCRATCH_SETTINGS.roundTargetTokens;
// Every config the scratch run trained (all of SCRATCH_SETTINGS unless it was a smoke test on a subset).
const { configs: names, reached, entry } = scratchLossesAt(rounds, roundTokens);
if (reached === 0) throw new Error('some from-scratch model has not finished its first round yet');
const scratchLoss = (name: string, round: number) => entry(name, round).validLoss;

const rows: ProxyRow[] = [];
for (const name of names) {
  const config = configOf(name);
  const inherited = (await proxy.validate(config)).validLoss;
  rows.push({ name, params: countParams(config, space.qkvDim), inherited, scratch: scratchLoss(name, reached) });
  console.log(`${name}: inherited ${inherited.toFixed(4)}, from scratch ${rows.at(-1)!.scratch.toFixed(4)}`);
}
const inherited = rows.map((r) => r.inherited);
const scratch = rows.map((r) => r.scratch);
const pairs = pairOrders(
  rows,
  SCRATCH_SETTINGS.pairs.filter((pair) => pair.every((name) => names.includes(name))),
);
// τ and Spearman at every turn all models finished: does the agreement settle as training goes on?
const byRound = Array.from({ length: reached }, (_, i) => {
  const round = i + 1;
  const losses = names.map((name) => scratchLoss(name, round));
  return {
    targetTokens: round * roundTokens,
    kendallTau: +kendallTau(inherited, losses).toFixed(3),
    spearman: +spearman(inherited, losses).toFixed(3),
  };
});
const result = {
  model: { dir: args.model, steps: meta.training?.steps },
  targetTokensEach: Math.min(...names.map((name) => entry(name, reached).tokens)),
  plannedTargetTokensEach: SCRATCH_SETTINGS.targetTokens,
  validTokens: proxy.validTokens,
  kendallTau: +kendallTau(inherited, scratch).toFixed(3),
  spearman: +spearman(inherited, scratch).toFixed(3),
  kendallTauParams: +kendallTau(
    rows.map((r) => -r.params),
    scratch,
  ).toFixed(3),
  pairsAgreeing: pairs.filter((p) => p.agree).length,
  pairs,
  rows: rows.map((r) => ({ ...r, inherited: +r.inherited.toFixed(4), scratch: +r.scratch.toFixed(4) })),
  byRound,
};
console.log(JSON.stringify(result, null, 1));
if (args.out) writeFileSync(args.out, `${JSON.stringify(result, null, 1)}\n`);
