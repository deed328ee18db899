/**
 * fairseq's Dictionary (data/dictionary.py): four special symbols first, in this order, then one `<symbol> <count>`
 * line per symbol of dict.txt, in file order. A checkpoint's embedding rows follow these indices.
 */
export const FAIRSEQ_BOS = 0;
export const FAIRSEQ_PAD = 1;
export const FAIRSEQ_EOS = 2;
export const FAIRSEQ_UNK = 3;
const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'] as const;

export class DictionaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DictionaryError';
  }
}

export interface FairseqDictionary {
  /** symbols[i] is the token of index i (specials included). */
  readonly symbols: readonly string[];
  readonly indices: ReadonlyMap<string, number>;
}

export function parseFairseqDictionary(text: string, fileName = 'dict.txt'): FairseqDictionary {
  const symbols: string[] = [...SPECIALS];
  const indices = new Map<string, number>(SPECIALS.map((s, i) => [s, i]));
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // fairseq splits at the last space: a symbol may itself hold spaces.
    const space = line.lastIndexOf(' ');
    const count = line.slice(space + 1);
    if (space <= 0 || !/^\d+$/.test(count)) {
      throw new DictionaryError(
        `${fileName} line ${i + 1}: expected "<symbol> <count>", got ${JSON.stringify(line.slice(0, 40))}`,
      );
    }
    // fairseq appends every line and lets a repeated symbol's later index win.
    indices.set(line.slice(0, space), symbols.length);
    symbols.push(line.slice(0, space));
  });
  return { symbols, indices };
}

/** fairseq's encode_line: whitespace-split tokens to indices (unknown → <unk>), then </s>. */
export function encodeLine(dictionary: FairseqDictionary, line: string): Int32Array {
  const words = line.split(/\s+/).filter((w) => w.length > 0);
  const ids = new Int32Array(words.length + 1);
  words.forEach((word, i) => (ids[i] = dictionary.indices.get(word) ?? FAIRSEQ_UNK));
  ids[words.length] = FAIRSEQ_EOS;
  return ids;
}

/** Indices back to tokens, without </s> or padding (fairseq's Dictionary.string without BPE removal). */
export function decodeIds(dictionary: FairseqDictionary, ids: readonly number[]): string {
  return ids
    .filter((id) => id !== FAIRSEQ_EOS && id !== FAIRSEQ_PAD && id !== FAIRSEQ_BOS)
    .map((id) => dictionary.symbols[id] ?? '<unk>')
    .join(' ');
}

/** Removes subword-nmt's "@@ " continuation markers (fairseq's --remove-bpe). */
export function removeBpe(text: string): string {
  return `${text} `.replaceAll('@@ ', '').trimEnd();
}
