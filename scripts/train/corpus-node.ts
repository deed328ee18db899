import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BpeTokenizer } from '../../src/data/bpe';
import { tokenizerFromFile } from '../../src/data/tokenizer-json';
import { parseTsv } from '../../src/data/tsv';
import type { IdPair } from '../../src/supertransformer/batching';
import { DATA_DIR, SHIPPED_FILES, TRAIN_FILE, TRAIN_PATH } from '../../src/data/manifest';

/** Where training reads its corpus: the shipped layout (public/data + data/train…), or one `npm run data --out` dir. */
export function corpusPaths(dir?: string): {
  train: string;
  validSearch: string;
  valid: string;
  test: string;
  tokenizer: string;
} {
  const base = dir ?? DATA_DIR;
  return {
    train: dir === undefined ? TRAIN_PATH : join(dir, TRAIN_FILE),
    validSearch: join(base, SHIPPED_FILES.validSearch),
    valid: join(base, SHIPPED_FILES.valid),
    test: join(base, SHIPPED_FILES.test),
    tokenizer: join(base, SHIPPED_FILES.tokenizer),
  };
}

export function loadTokenizer(path = 'public/data/tokenizer.json'): BpeTokenizer {
  return tokenizerFromFile(JSON.parse(readFileSync(path, 'utf8')));
}

export function loadIdPairs(path: string, tokenizer: BpeTokenizer): IdPair[] {
  return parseTsv(readFileSync(path, 'utf8')).map(({ de, en }) => ({
    source: tokenizer.encode(de),
    target: tokenizer.encode(en),
  }));
}
