/**
 * The shipped tokenizer file (public/data/tokenizer.json): its shape, writer and validating reader. Pure.
 * Merges are stored as id pairs, not as "left right" strings, because two different merges can spell the same
 * string (`ab`+`c`, `a`+`bc`), which would make string merges ambiguous.
 */
import { BpeTokenizer, SPECIAL_TOKENS, type BpeModel } from './bpe';
import { WORD_BOUNDARY } from './pretokenize';

export const TOKENIZER_FORMAT = 'hat-explorer-bpe';
export const TOKENIZER_FORMAT_VERSION = 1;

export interface TokenizerFile {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_FORMAT_VERSION;
  specials: { pad: 0; bos: 1; eos: 2; unk: 3 };
  wordBoundary: string;
  normalization: string;
  pretokenization: string;
  vocabSize: number;
  alphabetSize: number;
  vocab: string[];
  merges: Array<[number, number]>;
  provenance: Record<string, unknown>;
}

export function tokenizerToFile(model: BpeModel, provenance: Record<string, unknown>): TokenizerFile {
  return {
    format: TOKENIZER_FORMAT,
    version: TOKENIZER_FORMAT_VERSION,
    specials: { pad: 0, bos: 1, eos: 2, unk: 3 },
    wordBoundary: WORD_BOUNDARY,
    normalization:
      'NFC; typographic quotes/apostrophes to ASCII, en/em dashes to "-"; whitespace runs to one space; trim; ' +
      'case kept (src/data/normalize.ts)',
    pretokenization:
      'letter runs, single digits and single other characters; a preceding space becomes the word-boundary ' +
      'marker at the start of the piece (src/data/pretokenize.ts)',
    vocabSize: model.vocab.length,
    alphabetSize: model.vocab.length - model.merges.length - SPECIAL_TOKENS.length,
    vocab: model.vocab,
    merges: model.merges,
    provenance,
  };
}

/** Checks the file's structure and every merge (ids refer to earlier tokens, strings concatenate) before use. */
export function tokenizerFromFile(json: unknown): BpeTokenizer {
  const file = json as Partial<TokenizerFile>;
  if (file.format !== TOKENIZER_FORMAT || file.version !== TOKENIZER_FORMAT_VERSION) {
    throw new Error(`not a ${TOKENIZER_FORMAT} v${TOKENIZER_FORMAT_VERSION} tokenizer file`);
  }
  const { vocab, merges } = file;
  if (!Array.isArray(vocab) || !Array.isArray(merges)) throw new Error('tokenizer file lacks vocab or merges');
  if (file.wordBoundary !== WORD_BOUNDARY) throw new Error('tokenizer file uses another word-boundary marker');
  SPECIAL_TOKENS.forEach((token, id) => {
    if (vocab[id] !== token) throw new Error(`token ${id} must be ${token}, got ${String(vocab[id])}`);
  });
  const firstMergeId = vocab.length - merges.length;
  merges.forEach((merge: unknown, i) => {
    const id = firstMergeId + i;
    const [a, b] = Array.isArray(merge) && merge.length === 2 ? (merge as unknown[]) : [];
    const isPartId = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= SPECIAL_TOKENS.length;
    if (!isPartId(a) || !isPartId(b) || a >= id || b >= id || vocab[id] !== `${vocab[a]}${vocab[b]}`) {
      throw new Error(`merge ${i} (${JSON.stringify(merge)}) does not build token ${id}`);
    }
  });
  return new BpeTokenizer({ vocab, merges });
}
