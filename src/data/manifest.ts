/**
 * The shape of public/data/manifest.json, which records where the shipped corpus came from and what it holds, so a
 * later build can be checked against it (`npm run data -- --check`). Pure: types and paths only.
 */
import type { SourceName, SourceStats } from './software-corpus';
import type { DebSource } from './sources';
import type { LengthStats } from './stats';

export const DATA_DIR = 'public/data';
export const TRAIN_PATH = 'data/train.de-en.tsv';
export const TRAIN_FILE = 'train.de-en.tsv';
export const CACHE_DIR = 'data/cache';
export const SHIPPED_FILES = {
  tokenizer: 'tokenizer.json',
  test: 'test.de-en.tsv',
  valid: 'valid.de-en.tsv',
  validSearch: 'valid-search.de-en.tsv',
  licence: 'LICENSE.md',
} as const;
export const MANIFEST_FILE = 'manifest.json';
export const BUILD_COMMAND = 'npm run data';

/** A file of the build, named relative to the output folder (the train split lives in data/ when that is public/data). */
export interface FileRecord {
  file: string;
  pairs: number;
  sha256: string;
}

/** Words per side (split on spaces after normalisation). */
export interface WordStats {
  mean: number;
  median: number;
  p95: number;
  max: number;
  /** Pairs whose German side has 4 to 40 words. */
  sentences4to40: number;
}

export interface DataManifest {
  description: string;
  sources: Array<DebSource & { fetchedWith: string }>;
  buildCommand: string;
  licence: string;
  pipeline: Record<string, unknown>;
  stats: {
    helpPages: number;
    helpParagraphPairs: number;
    catalogs: number;
    catalogEntries: number;
    catalogDropped: Record<string, number>;
    dingPairs: number;
    bySource: Record<SourceName, SourceStats>;
    pairs: Record<'train' | 'valid' | 'test', number>;
    words: Record<'train' | 'valid' | 'test', { de: WordStats; en: WordStats }>;
  };
  files: {
    train: FileRecord;
    valid: FileRecord;
    validSearch: FileRecord;
    test: FileRecord;
    tokenizer: { file: string; sha256: string };
    licence: { file: string; sha256: string };
  };
  tokenizer: {
    vocabSize: number;
    alphabetSize: number;
    merges: number;
    lowercase: false;
    /** Subword tokens per side, without <s> and </s>. */
    tokensPerSentence: Record<'train' | 'valid' | 'test', { de: LengthStats; en: LengthStats }>;
  };
}
