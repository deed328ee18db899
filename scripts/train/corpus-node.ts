import { readFileSync } from 'node:fs';
import type { BpeTokenizer } from '../../src/data/bpe';
import { tokenizerFromFile } from '../../src/data/tokenizer-json';
import { parseTsv } from '../../src/data/tsv';
import type { IdPair } from '../../src/supertransformer/batching';

export function loadTokenizer(path = 'public/data/tokenizer.json'): BpeTokenizer {
  return tokenizerFromFile(JSON.parse(readFileSync(path, 'utf8')));
}

export function loadIdPairs(path: string, tokenizer: BpeTokenizer): IdPair[] {
  return parseTsv(readFileSync(path, 'utf8')).map(({ de, en }) => ({
    source: tokenizer.encode(de),
    target: tokenizer.encode(en),
  }));
}
