/** Checks the committed public/data files against each other and against manifest.json. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNK_ID } from './bpe';
import { VALID_SEARCH_SIZE } from './config';
import { DATA_DIR, MANIFEST_FILE, SHIPPED_FILES, TRAIN_PATH, type DataManifest } from './manifest';
import { pairKey } from './split';
import { tokenizerFromFile } from './tokenizer-json';
import { parseTsv } from './tsv';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const manifest = JSON.parse(read(join(DATA_DIR, MANIFEST_FILE))) as DataManifest;
/**
 * A file's path in the repository. Manifests before issue 17 (the Ding corpus, still shipped until the software-corpus
 * model replaces it) recorded repository paths; later ones record names inside the output folder.
 */
const pathOf = (record: { file?: string; path?: string }): string => record.path ?? join(DATA_DIR, record.file!);
const test = parseTsv(read(join(DATA_DIR, SHIPPED_FILES.test)));
const valid = parseTsv(read(join(DATA_DIR, SHIPPED_FILES.valid)));
const validSearch = parseTsv(read(join(DATA_DIR, SHIPPED_FILES.validSearch)));
const tokenizer = tokenizerFromFile(JSON.parse(read(join(DATA_DIR, SHIPPED_FILES.tokenizer))));

describe('shipped data (public/data)', () => {
  it('has the pair counts and sha256 the manifest records', () => {
    expect(test).toHaveLength(manifest.stats.pairs.test);
    expect(valid).toHaveLength(manifest.stats.pairs.valid);
    for (const [pairs, file] of [
      [test, manifest.files.test],
      [valid, manifest.files.valid],
      [validSearch, manifest.files.validSearch],
    ] as const) {
      expect(pairs).toHaveLength(file.pairs);
      expect(sha256(read(pathOf(file)))).toBe(file.sha256);
    }
    expect(sha256(read(pathOf(manifest.files.tokenizer)))).toBe(manifest.files.tokenizer.sha256);
  });

  it('meets the size floor: at least 2000 valid and test pairs, 100k training pairs', () => {
    expect(test.length).toBeGreaterThanOrEqual(2000);
    expect(valid.length).toBeGreaterThanOrEqual(2000);
    expect(manifest.stats.pairs.train).toBeGreaterThan(100_000);
  });

  it('takes valid-search as the first VALID_SEARCH_SIZE pairs of valid', () => {
    expect(validSearch).toEqual(valid.slice(0, VALID_SEARCH_SIZE));
  });

  it('keeps test apart from valid and valid-search, by pair and by source', () => {
    const testPairs = new Set(test.map(pairKey));
    const testSources = new Set(test.map(({ de }) => de));
    for (const pair of [...valid, ...validSearch]) {
      expect(testPairs.has(pairKey(pair))).toBe(false);
      expect(testSources.has(pair.de)).toBe(false);
    }
  });

  it('ships a tokenizer of the size the manifest records that round-trips test and valid', () => {
    expect(tokenizer.vocabSize).toBe(manifest.tokenizer.vocabSize);
    for (const { de, en } of [...test, ...valid]) {
      for (const text of [de, en]) {
        const ids = tokenizer.encode(text);
        expect(ids).not.toContain(UNK_ID);
        expect(tokenizer.decode(ids)).toBe(text);
      }
    }
  });

  // data/ is git-ignored: this runs only where `npm run data` has been run.
  it.skipIf(!existsSync(join(ROOT, TRAIN_PATH)))('has a local train split matching the manifest and disjoint', () => {
    const text = read(TRAIN_PATH);
    expect(sha256(text)).toBe(manifest.files.train.sha256);
    const train = parseTsv(text);
    expect(train).toHaveLength(manifest.stats.pairs.train);
    const evalSources = new Set([...test, ...valid].map(({ de }) => de));
    expect(train.some(({ de }) => evalSources.has(de))).toBe(false);
  });
});
