/**
 * `npm run data`: builds the German→English corpus and tokenizer from Debian's trans-de-en (the Ding dictionary).
 *
 *   npm run data              fetch, build, write public/data/* and data/train.de-en.tsv
 *   npm run data -- --check   build in memory and compare with the files on disk (exit 1 on any difference)
 *
 * Every output is a pure function of the .deb, so two runs on the same package version give identical bytes;
 * manifest.json records the .deb's and each file's sha256 to prove it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as prettier from 'prettier';
import { BpeTokenizer, learnBpe, SPECIAL_TOKENS } from '../../src/data/bpe';
import * as config from '../../src/data/config';
import { buildCorpus } from '../../src/data/corpus';
import {
  BUILD_COMMAND,
  CACHE_DIR,
  DATA_DIR,
  MANIFEST_FILE,
  SHIPPED_FILES,
  TRAIN_PATH,
  type DataManifest,
} from '../../src/data/manifest';
import type { Pair } from '../../src/data/pairs';
import { SPLIT_NAMES } from '../../src/data/split';
import { lengthStats } from '../../src/data/stats';
import { tokenizerToFile } from '../../src/data/tokenizer-json';
import { formatTsv } from '../../src/data/tsv';
import { DING_FILE, downloadDingDeb, extractDingText } from './fetch-ding';

const LICENCE =
  'Derived from the Ding dictionary (Frank Richter, TU Chemnitz), GPL-2.0-or-later; these data files are ' +
  'therefore GPL-2.0-or-later too. See public/data/LICENSE.md.';

const startMs = performance.now();
const checkOnly = process.argv.includes('--check');

const deb = downloadDingDeb(CACHE_DIR);
console.log(`source: ${deb.package} ${deb.version} (sha256 ${deb.sha256})`);
const corpus = buildCorpus(extractDingText(deb.path));
const { splits, stats } = corpus;
console.log(
  `pairs: train ${stats.pairs.train}, valid ${stats.pairs.valid}, test ${stats.pairs.test} ` +
    `(from ${stats.alignedParts} aligned parts; dropped ${JSON.stringify(stats.dropped)})`,
);

const learnStartMs = performance.now();
const model = learnBpe(
  splits.train.flatMap(({ de, en }) => [de, en]),
  config.VOCAB_SIZE,
);
const tokenizer = new BpeTokenizer(model);
console.log(`bpe: ${model.vocab.length} tokens learned in ${((performance.now() - learnStartMs) / 1000).toFixed(1)} s`);
assertRoundTrip(tokenizer, [...splits.valid, ...splits.test]);

const tokensPerSentence = Object.fromEntries(
  SPLIT_NAMES.map((name) => [name, sideStats(tokenizer, splits[name])]),
) as DataManifest['tokenizer']['tokensPerSentence'];
for (const name of SPLIT_NAMES) {
  const { de, en } = tokensPerSentence[name];
  console.log(`tokens/sentence ${name}: de ${JSON.stringify(de)}, en ${JSON.stringify(en)}`);
}

const validSearch = splits.valid.slice(0, config.VALID_SEARCH_SIZE);
const trainTsv = formatTsv(splits.train);
const outputs = new Map<string, string>([
  [TRAIN_PATH, trainTsv],
  [join(DATA_DIR, SHIPPED_FILES.valid), formatTsv(splits.valid)],
  [join(DATA_DIR, SHIPPED_FILES.validSearch), formatTsv(validSearch)],
  [join(DATA_DIR, SHIPPED_FILES.test), formatTsv(splits.test)],
]);
const record = (path: string, pairs: readonly Pair[]) => ({
  path,
  pairs: pairs.length,
  sha256: sha256(outputs.get(path) ?? ''),
});
const source = {
  package: deb.package,
  version: deb.version,
  debSha256: deb.sha256,
  file: DING_FILE.slice(1),
  fetchedWith: `apt-get download ${deb.package}`,
  upstream: 'Ding dictionary, Frank Richter, https://dict.tu-chemnitz.de/',
  licence: 'GPL-2.0-or-later',
};
const trainRecord = record(TRAIN_PATH, splits.train);
const tokenizerPath = join(DATA_DIR, SHIPPED_FILES.tokenizer);
outputs.set(
  tokenizerPath,
  await formatJson(
    tokenizerToFile(model, {
      source: `${deb.package} ${deb.version}`,
      debSha256: deb.sha256,
      trainedOn: trainRecord,
      buildCommand: BUILD_COMMAND,
      licence: LICENCE,
    }),
    tokenizerPath,
  ),
);
const manifest: DataManifest = {
  description: 'German→English pairs from the Ding dictionary, and a joint BPE tokenizer learned on the train split',
  source,
  buildCommand: BUILD_COMMAND,
  licence: LICENCE,
  pipeline: {
    synonymStrategy: config.SYNONYM_STRATEGY,
    maxSideChars: config.MAX_SIDE_CHARS,
    maxLengthRatio: config.MAX_LENGTH_RATIO,
    lengthRatioSlackChars: config.LENGTH_RATIO_SLACK_CHARS,
    minCharCount: config.MIN_CHAR_COUNT,
    split: `hash53(de) % ${config.SPLIT_BUCKETS}: [0, ${config.VALID_BUCKETS}) valid, [${config.VALID_BUCKETS}, ${
      config.VALID_BUCKETS + config.TEST_BUCKETS
    }) test, rest train`,
    validSearch: `first ${config.VALID_SEARCH_SIZE} pairs of valid, which is ordered by a hash of the pair`,
  },
  stats,
  files: {
    train: trainRecord,
    valid: record(join(DATA_DIR, SHIPPED_FILES.valid), splits.valid),
    validSearch: record(join(DATA_DIR, SHIPPED_FILES.validSearch), validSearch),
    test: record(join(DATA_DIR, SHIPPED_FILES.test), splits.test),
    tokenizer: { path: tokenizerPath, sha256: sha256(outputs.get(tokenizerPath) ?? '') },
  },
  tokenizer: {
    vocabSize: model.vocab.length,
    alphabetSize: model.vocab.length - model.merges.length - SPECIAL_TOKENS.length,
    merges: model.merges.length,
    lowercase: false,
    tokensPerSentence,
  },
};
const manifestPath = join(DATA_DIR, MANIFEST_FILE);
outputs.set(manifestPath, await formatJson(manifest, manifestPath));

const seconds = ((performance.now() - startMs) / 1000).toFixed(1);
if (checkOnly) {
  const differing = [...outputs].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text);
  for (const [path] of differing) console.error(`differs: ${path}`);
  console.log(differing.length === 0 ? `check: all ${outputs.size} files identical (${seconds} s)` : 'check failed');
  process.exit(differing.length === 0 ? 0 : 1);
}
reportTrainAgainstOldManifest(manifestPath, manifest);
for (const [path, text] of outputs) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
}
console.log(`done in ${seconds} s`);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON in the repository's Prettier style, so `prettier --check` passes and rebuilds are byte-identical. */
async function formatJson(value: unknown, path: string): Promise<string> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, filepath: path });
}

function sideStats(tok: BpeTokenizer, pairs: readonly Pair[]) {
  return {
    de: lengthStats(pairs.map(({ de }) => tok.encode(de).length)),
    en: lengthStats(pairs.map(({ en }) => tok.encode(en).length)),
  };
}

/** Evaluation text must survive encode → decode; a failure means a character missing from the train alphabet. */
function assertRoundTrip(tok: BpeTokenizer, pairs: readonly Pair[]): void {
  for (const { de, en } of pairs) {
    for (const text of [de, en]) {
      const back = tok.decode(tok.encode(text));
      if (back !== text)
        throw new Error(`tokenizer round trip failed: ${JSON.stringify(text)} → ${JSON.stringify(back)}`);
    }
  }
}

/** With the same .deb as the committed manifest, the train split must come out byte-identical: say whether it did. */
function reportTrainAgainstOldManifest(path: string, next: DataManifest): void {
  if (!existsSync(path)) return;
  const previous = JSON.parse(readFileSync(path, 'utf8')) as Partial<DataManifest>;
  if (previous.source?.debSha256 !== next.source.debSha256) {
    console.log(`note: source changed since the last manifest (${previous.source?.version} → ${next.source.version})`);
  } else if (previous.files?.train.sha256 === next.files.train.sha256) {
    console.log(`train split matches the previous manifest (sha256 ${next.files.train.sha256})`);
  } else {
    console.warn(`warning: same source but the train split differs from the previous manifest`);
  }
}
