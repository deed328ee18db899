/**
 * The shape of public/data/manifest.json, which records where the shipped corpus came from and what it holds, so a
 * later build can be checked against it (`npm run data -- --check`). Pure: types and paths only.
 */
import type { CorpusStats } from './corpus';
import type { LengthStats } from './stats';

export const DATA_DIR = 'public/data';
export const TRAIN_PATH = 'data/train.de-en.tsv';
export const CACHE_DIR = 'data/cache';
export const SHIPPED_FILES = {
  tokenizer: 'tokenizer.json',
  test: 'test.de-en.tsv',
  valid: 'valid.de-en.tsv',
  validSearch: 'valid-search.de-en.tsv',
} as const;
export const MANIFEST_FILE = 'manifest.json';
export const BUILD_COMMAND = 'npm run data';

export interface FileRecord {
  path: string;
  pairs: number;
  sha256: string;
}

export interface DataManifest {
  description: string;
  source: {
    package: string;
    version: string;
    debSha256: string;
    file: string;
    fetchedWith: string;
    upstream: string;
    licence: string;
  };
  buildCommand: string;
  licence: string;
  pipeline: Record<string, unknown>;
  stats: CorpusStats;
  files: {
    train: FileRecord;
    valid: FileRecord;
    validSearch: FileRecord;
    test: FileRecord;
    tokenizer: { path: string; sha256: string };
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
