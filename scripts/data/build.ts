/**
 * `npm run data`: builds the German→English corpus and tokenizer from pinned Debian packages (src/data/sources.ts):
 * LibreOffice's help in German and English aligned by page and paragraph id, German gettext catalogs of LibreOffice
 * and desktop applications, and a capped share of the Ding dictionary.
 *
 *   npm run data                    fetch, build, write public/data/* and data/train.de-en.tsv
 *   npm run data -- --out DIR       write every file, the train split included, into DIR instead
 *   npm run data -- --check         build in memory and compare with the files on disk (exit 1 on any difference)
 *
 * Every output is a pure function of the pinned .debs, so two runs give identical bytes; manifest.json records each
 * package's version and sha256 and each file's sha256 to prove it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { BpeTokenizer, learnBpe, SPECIAL_TOKENS } from '../../src/data/bpe';
import * as config from '../../src/data/config';
import { buildCorpus } from '../../src/data/corpus';
import { alignHelpPage, helpParagraphs } from '../../src/data/libreoffice-help';
import {
  BUILD_COMMAND,
  CACHE_DIR,
  DATA_DIR,
  MANIFEST_FILE,
  SHIPPED_FILES,
  TRAIN_FILE,
  TRAIN_PATH,
  type DataManifest,
  type WordStats,
} from '../../src/data/manifest';
import { parseMo } from '../../src/data/mo';
import type { Pair } from '../../src/data/pairs';
import { mixCorpus, wordCount } from '../../src/data/software-corpus';
import { DEB_SOURCES } from '../../src/data/sources';
import { SPLIT_NAMES } from '../../src/data/split';
import { lengthStats } from '../../src/data/stats';
import { tokenizerToFile } from '../../src/data/tokenizer-json';
import { formatTsv } from '../../src/data/tsv';
import { uiPair } from '../../src/data/ui-strings';
import { extractDingText } from './fetch-ding';
import { fetchDeb, filesUnder, type FetchedDeb } from './fetch-debs';
import { licenceMarkdown, LICENCE_SUMMARY } from './licence';

const { values: args } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    out: { type: 'string', default: DATA_DIR },
    force: { type: 'boolean', default: false },
  },
});
const outDir = args.out!;
const trainPath = resolve(outDir) === resolve(DATA_DIR) ? TRAIN_PATH : join(outDir, TRAIN_FILE);
const startMs = performance.now();

const debs = DEB_SOURCES.map((source) => fetchDeb(source, CACHE_DIR));
const byRole = (role: string): FetchedDeb[] => debs.filter((deb) => deb.source.role === role);
console.log(`sources: ${debs.length} pinned packages, sha256 verified`);

// LibreOffice help: the same relative page in both trees, paragraphs matched by id.
const [helpDe] = byRole('help-de');
const [helpEn] = byRole('help-en');
const helpRootDe = join(helpDe!.root, 'usr/share/libreoffice/help/de');
const helpRootEn = join(helpEn!.root, 'usr/share/libreoffice/help/en-US');
const helpPages = filesUnder(helpRootDe, (path) => path.endsWith('.html')).filter((page) =>
  existsSync(join(helpRootEn, page)),
);
const helpPairs: Pair[] = helpPages.flatMap((page) =>
  alignHelpPage(
    helpParagraphs(readFileSync(join(helpRootDe, page), 'utf8')),
    helpParagraphs(readFileSync(join(helpRootEn, page), 'utf8')),
  ),
);
console.log(`help: ${helpPages.length} pages in both languages, ${helpPairs.length} aligned paragraphs`);

// Gettext catalogs: German .mo files anywhere in the catalog packages.
const catalogPairs: Pair[] = [];
const catalogDropped: Record<string, number> = {};
let catalogs = 0;
let catalogEntries = 0;
for (const deb of byRole('catalogs')) {
  for (const file of filesUnder(deb.root, (path) => /\/de\/LC_MESSAGES\/[^/]+\.mo$/.test(path))) {
    catalogs++;
    for (const entry of parseMo(new Uint8Array(readFileSync(join(deb.root, file))))) {
      catalogEntries++;
      const result = uiPair(entry);
      if ('pair' in result) catalogPairs.push(result.pair);
      else catalogDropped[result.dropped] = (catalogDropped[result.dropped] ?? 0) + 1;
    }
  }
}
console.log(`catalogs: ${catalogs} files, ${catalogEntries} entries, ${catalogPairs.length} clean pairs`);

const [dingDeb] = byRole('ding');
const ding = buildCorpus(extractDingText(dingDeb!.path));
const dingPairs = SPLIT_NAMES.flatMap((name) => ding.splits[name]);
const { splits, stats: bySource } = mixCorpus(helpPairs, catalogPairs, dingPairs);
for (const [name, stats] of Object.entries(bySource)) console.log(`${name}: ${JSON.stringify(stats)}`);
const pairCounts = { train: splits.train.length, valid: splits.valid.length, test: splits.test.length };
console.log(`pairs: ${JSON.stringify(pairCounts)}`);

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
const words = Object.fromEntries(
  SPLIT_NAMES.map((name) => [name, { de: wordStats(splits[name], 'de'), en: wordStats(splits[name], 'en') }]),
) as DataManifest['stats']['words'];
for (const name of SPLIT_NAMES) {
  console.log(`words/sentence ${name}: de ${JSON.stringify(words[name].de)}, en ${JSON.stringify(words[name].en)}`);
  const { de, en } = tokensPerSentence[name];
  console.log(`tokens/sentence ${name}: de ${JSON.stringify(de)}, en ${JSON.stringify(en)}`);
}

const validSearch = splits.valid.slice(0, config.VALID_SEARCH_SIZE);
const outputs = new Map<string, string>([
  [trainPath, formatTsv(splits.train)],
  [join(outDir, SHIPPED_FILES.valid), formatTsv(splits.valid)],
  [join(outDir, SHIPPED_FILES.validSearch), formatTsv(validSearch)],
  [join(outDir, SHIPPED_FILES.test), formatTsv(splits.test)],
]);
const record = (path: string, file: string, pairs: readonly Pair[]) => ({
  file,
  pairs: pairs.length,
  sha256: sha256(outputs.get(path) ?? ''),
});
const sources = DEB_SOURCES.map((source) => ({
  ...source,
  fetchedWith: `apt-get download ${source.package}=${source.version}`,
}));
const trainRecord = record(trainPath, TRAIN_FILE, splits.train);
const tokenizerPath = join(outDir, SHIPPED_FILES.tokenizer);
outputs.set(
  tokenizerPath,
  await formatJson(
    tokenizerToFile(model, {
      sources: 'LibreOffice help and desktop gettext catalogs (Debian 12), Ding dictionary; see manifest.json',
      trainedOn: trainRecord,
      buildCommand: BUILD_COMMAND,
      licence: LICENCE_SUMMARY,
    }),
    join(DATA_DIR, SHIPPED_FILES.tokenizer),
  ),
);
const licencePath = join(outDir, SHIPPED_FILES.licence);
outputs.set(licencePath, await formatMarkdown(licenceMarkdown(DEB_SOURCES), join(DATA_DIR, SHIPPED_FILES.licence)));
const manifest: DataManifest = {
  description:
    'German→English pairs of the software domain (LibreOffice help, desktop gettext catalogs) with a capped share ' +
    'of the Ding dictionary, and a joint BPE tokenizer learned on the train split',
  sources,
  buildCommand: BUILD_COMMAND,
  licence: LICENCE_SUMMARY,
  pipeline: {
    help: 'p and h1-h6 elements with an id, paired by page and id; hidden non-default variants and code skipped',
    catalogs:
      'German .mo files; no plurals, format codes, markup, multi-line or untranslated strings; mnemonics removed',
    softwareMaxSideChars: config.SOFTWARE_MAX_SIDE_CHARS,
    maxLengthRatio: config.MAX_LENGTH_RATIO,
    lengthRatioSlackChars: config.LENGTH_RATIO_SLACK_CHARS,
    minCharCount: config.MIN_CHAR_COUNT,
    dingSentences: `both sides ≥ ${config.DING_SENTENCE_MIN_WORDS} words, German ends in . ! or ?; all kept (train only)`,
    dingDictionary: `other Ding pairs, ${config.DING_DICTIONARY_PER_MILLE} per mille sampled by hash (train only)`,
    split: `hash53(de) % ${config.SPLIT_BUCKETS}: [0, ${config.VALID_BUCKETS}) valid, [${config.VALID_BUCKETS}, ${
      config.VALID_BUCKETS + config.TEST_BUCKETS
    }) test, rest train; valid and test hold help and catalog pairs only`,
    validSearch: `first ${config.VALID_SEARCH_SIZE} pairs of valid, which is ordered by a hash of the pair`,
    vocabSize: config.VOCAB_SIZE,
  },
  stats: {
    helpPages: helpPages.length,
    helpParagraphPairs: helpPairs.length,
    catalogs,
    catalogEntries,
    catalogDropped,
    dingPairs: dingPairs.length,
    bySource,
    pairs: pairCounts,
    words,
  },
  files: {
    train: trainRecord,
    valid: record(join(outDir, SHIPPED_FILES.valid), SHIPPED_FILES.valid, splits.valid),
    validSearch: record(join(outDir, SHIPPED_FILES.validSearch), SHIPPED_FILES.validSearch, validSearch),
    test: record(join(outDir, SHIPPED_FILES.test), SHIPPED_FILES.test, splits.test),
    tokenizer: { file: SHIPPED_FILES.tokenizer, sha256: sha256(outputs.get(tokenizerPath) ?? '') },
    licence: { file: SHIPPED_FILES.licence, sha256: sha256(outputs.get(licencePath) ?? '') },
  },
  tokenizer: {
    vocabSize: model.vocab.length,
    alphabetSize: model.vocab.length - model.merges.length - SPECIAL_TOKENS.length,
    merges: model.merges.length,
    lowercase: false,
    tokensPerSentence,
  },
};
const manifestPath = join(outDir, MANIFEST_FILE);
outputs.set(manifestPath, await formatJson(manifest, join(DATA_DIR, MANIFEST_FILE)));

const seconds = ((performance.now() - startMs) / 1000).toFixed(1);
if (args.check) {
  const differing = [...outputs].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text);
  for (const [path] of differing) console.error(`differs: ${path}`);
  console.log(differing.length === 0 ? `check: all ${outputs.size} files identical (${seconds} s)` : 'check failed');
  process.exit(differing.length === 0 ? 0 : 1);
}
refuseToOrphanShippedModel();
for (const [path, text] of outputs) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
}
console.log(`done in ${seconds} s`);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** In the repository's Prettier style, so `prettier --check` passes and rebuilds are byte-identical. */
async function formatJson(value: unknown, path: string): Promise<string> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, filepath: path });
}

async function formatMarkdown(text: string, path: string): Promise<string> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

function wordStats(pairs: readonly Pair[], side: 'de' | 'en'): WordStats {
  const counts = pairs.map((pair) => wordCount(pair[side])).sort((a, b) => a - b);
  return {
    ...lengthStats(counts),
    median: counts[Math.floor((counts.length - 1) / 2)] ?? 0,
    sentences4to40: pairs.filter(({ de }) => wordCount(de) >= 4 && wordCount(de) <= 40).length,
  };
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

/**
 * public/model was trained with one tokenizer; replacing public/data's with another would leave the app, the CLI and
 * the tests with a model whose token ids mean nothing. Refuse unless the new tokenizer is the model's, or --force
 * says a model trained on this corpus is being shipped with it.
 */
function refuseToOrphanShippedModel(): void {
  const modelJson = 'public/model/model.json';
  if (resolve(outDir) !== resolve(DATA_DIR) || args.force || !existsSync(modelJson)) return;
  const modelTokenizer = (JSON.parse(readFileSync(modelJson, 'utf8')) as { meta?: { tokenizer?: { sha256?: string } } })
    .meta?.tokenizer?.sha256;
  const built = sha256(outputs.get(tokenizerPath) ?? '');
  if (modelTokenizer === undefined || modelTokenizer === built) return;
  console.error(
    `error: public/model was trained with tokenizer sha256 ${modelTokenizer.slice(0, 12)}…, this build's is ` +
      `${built.slice(0, 12)}…; writing public/data would orphan the shipped model. Write elsewhere with ` +
      `--out DIR (and train with --corpus DIR), or pass --force when shipping a model trained on this corpus.`,
  );
  process.exit(1);
}
