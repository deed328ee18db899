/**
 * Byte-pair encoding (Sennrich et al., 2016) over characters: learning, encoding and decoding. Pure and
 * deterministic, so the browser, the CLI and the tests share it.
 *
 * Token ids: the four specials (<pad>=0, <s>=1, </s>=2, <unk>=3), then the character alphabet in code-unit order,
 * then one id per merge in the order merges were learned. Text is normalised (normalizeText) and pre-tokenised
 * (pretokenize) before merging, so decode(encode(x)) === normalizeText(x) for every x whose characters are in the
 * alphabet; a character outside it encodes to <unk> and decodes to UNK_TEXT.
 */
import { PairHeap } from './heap';
import { normalizeText } from './normalize';
import { joinPieces, pretokenize, WORD_BOUNDARY } from './pretokenize';

export const SPECIAL_TOKENS = ['<pad>', '<s>', '</s>', '<unk>'] as const;
export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;
/** What <unk> decodes to (SentencePiece's choice): visible, and not a character the corpus uses. */
export const UNK_TEXT = '\u2047';

/** Pair (left, right) is stored as left * KEY_BASE + right: one exact number, cheap as a Map key. */
const KEY_BASE = 65536;

export interface BpeModel {
  /** Token strings by id; merged tokens are the concatenation of their two parts (strings may repeat). */
  vocab: string[];
  /** merges[i] = [leftId, rightId] creates token id vocab.length - merges.length + i. */
  merges: Array<[number, number]>;
}

export function learnBpe(texts: Iterable<string>, vocabSize: number, minPairCount = 2): BpeModel {
  if (vocabSize > KEY_BASE) throw new RangeError(`vocabSize must be ≤ ${KEY_BASE}, got ${vocabSize}`);
  const pieceCounts = countPieces(texts);
  const chars = new Set<string>([WORD_BOUNDARY]);
  for (const piece of pieceCounts.keys()) for (const ch of piece) chars.add(ch);
  const alphabet = [...chars].sort();
  const vocab: string[] = [...SPECIAL_TOKENS, ...alphabet];
  if (vocabSize < vocab.length) {
    throw new RangeError(`vocabSize ${vocabSize} is below the ${vocab.length} specials and characters`);
  }
  const idOf = new Map(alphabet.map((ch, i) => [ch, SPECIAL_TOKENS.length + i]));
  const words: number[][] = [];
  const weights: number[] = [];
  for (const [piece, count] of pieceCounts) {
    words.push(Array.from(piece, (ch) => idOf.get(ch) ?? UNK_ID));
    weights.push(count);
  }

  // Incremental bookkeeping: weighted pair counts, and for each pair the words that (may) contain it. A merge only
  // revisits the words listed under its pair, instead of recounting the whole corpus.
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  words.forEach((word, w) => {
    forEachPair(word, (key) => {
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + (weights[w] ?? 0));
      appendWord(pairWords, key, w);
    });
  });
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);
  const lastVisit = new Int32Array(words.length).fill(-1);
  const merges: Array<[number, number]> = [];

  while (vocab.length < vocabSize) {
    const best = popBest(heap, pairCounts);
    if (best === undefined || best.count < minPairCount) break;
    const left = Math.floor(best.key / KEY_BASE);
    const right = best.key % KEY_BASE;
    const merged = vocab.length;
    vocab.push(`${vocab[left]}${vocab[right]}`);
    merges.push([left, right]);
    const deltas = new Map<number, number>();
    for (const w of pairWords.get(best.key) ?? []) {
      if (lastVisit[w] === merged) continue; // listed twice: the word had the pair twice
      lastVisit[w] = merged;
      const word = words[w] ?? [];
      const next = mergePair(word, left, right, merged);
      if (next === word) continue; // stale listing: an earlier merge consumed the pair
      const weight = weights[w] ?? 0;
      forEachPair(word, (key) => deltas.set(key, (deltas.get(key) ?? 0) - weight));
      forEachPair(next, (key, a, b) => {
        deltas.set(key, (deltas.get(key) ?? 0) + weight);
        if (a === merged || b === merged) appendWord(pairWords, key, w);
      });
      words[w] = next;
    }
    for (const [key, delta] of deltas) {
      if (delta === 0) continue;
      const count = (pairCounts.get(key) ?? 0) + delta;
      if (count > 0) pairCounts.set(key, count);
      else pairCounts.delete(key);
      // Only increases need a fresh heap entry; a decrease is caught when its old, larger entry surfaces.
      if (delta > 0) heap.push(count, key);
    }
    pairCounts.delete(best.key);
    pairWords.delete(best.key);
  }
  return { vocab, merges };
}

/**
 * The pair with the largest current count (smallest key among equals). Heap entries can be stale: larger than the
 * count (it dropped since; re-queue the current value) or smaller (a newer entry exists; discard).
 */
function popBest(heap: PairHeap, pairCounts: Map<number, number>): { count: number; key: number } | undefined {
  for (;;) {
    const top = heap.pop();
    if (top === undefined) return undefined;
    const current = pairCounts.get(top.key) ?? 0;
    if (current === top.count) return top;
    if (current > 0 && current < top.count) heap.push(current, top.key);
  }
}

function countPieces(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const piece of pretokenize(normalizeText(text))) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
  return counts;
}

function forEachPair(word: readonly number[], visit: (key: number, a: number, b: number) => void): void {
  for (let i = 0; i + 1 < word.length; i++) {
    const a = word[i] ?? 0;
    const b = word[i + 1] ?? 0;
    visit(a * KEY_BASE + b, a, b);
  }
}

function appendWord(pairWords: Map<number, number[]>, key: number, w: number): void {
  const list = pairWords.get(key);
  if (list === undefined) pairWords.set(key, [w]);
  else list.push(w);
}

/** Replaces every (left, right), scanning left to right without overlap; returns `word` itself when there is none. */
function mergePair(word: number[], left: number, right: number, merged: number): number[] {
  let out: number[] | undefined;
  for (let i = 0; i < word.length; i++) {
    const a = word[i] ?? 0;
    if (a === left && i + 1 < word.length && word[i + 1] === right) {
      out ??= word.slice(0, i);
      out.push(merged);
      i++;
    } else if (out !== undefined) {
      out.push(a);
    }
  }
  return out ?? word;
}

/** Encoder/decoder for a learned BpeModel. */
export class BpeTokenizer {
  readonly vocab: readonly string[];
  readonly merges: ReadonlyArray<readonly [number, number]>;
  private readonly charIds = new Map<string, number>();
  /** Pair key → id of the token the pair merges into; a lower id is an earlier merge. */
  private readonly mergedIdOf = new Map<number, number>();
  /** Pieces repeat a lot (`▁der`, `.`), so their encodings are cached; cleared when it grows past PIECE_CACHE_MAX. */
  private readonly pieceCache = new Map<string, readonly number[]>();

  constructor(model: BpeModel) {
    this.vocab = model.vocab;
    this.merges = model.merges;
    const firstMergeId = model.vocab.length - model.merges.length;
    for (let id = SPECIAL_TOKENS.length; id < firstMergeId; id++) this.charIds.set(model.vocab[id] ?? '', id);
    model.merges.forEach(([a, b], i) => this.mergedIdOf.set(a * KEY_BASE + b, firstMergeId + i));
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Token ids of normalizeText(text), without <s> or </s>. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of pretokenize(normalizeText(text))) ids.push(...this.encodePiece(piece));
    return ids;
  }

  /** Text of the ids; <pad>, <s> and </s> are skipped, <unk> becomes UNK_TEXT. */
  decode(ids: Iterable<number>): string {
    let text = '';
    for (const id of ids) {
      if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
      text += id === UNK_ID ? UNK_TEXT : (this.vocab[id] ?? UNK_TEXT);
    }
    return joinPieces(text).trim();
  }

  /** Token strings, for display and debugging. */
  tokenize(text: string): string[] {
    return this.encode(text).map((id) => this.vocab[id] ?? UNK_TEXT);
  }

  private encodePiece(piece: string): readonly number[] {
    const cached = this.pieceCache.get(piece);
    if (cached !== undefined) return cached;
    let symbols = Array.from(piece, (ch) => this.charIds.get(ch) ?? UNK_ID);
    // Applying the earliest applicable merge first reproduces the learning order: a merge can only apply to tokens
    // that existed when it was learned, i.e. to earlier merges.
    for (;;) {
      let bestId = Infinity;
      let bestKey = -1;
      forEachPair(symbols, (key) => {
        const id = this.mergedIdOf.get(key);
        if (id !== undefined && id < bestId) {
          bestId = id;
          bestKey = key;
        }
      });
      if (bestKey < 0) break;
      symbols = mergePair(symbols, Math.floor(bestKey / KEY_BASE), bestKey % KEY_BASE, bestId);
    }
    if (this.pieceCache.size >= PIECE_CACHE_MAX) this.pieceCache.clear();
    this.pieceCache.set(piece, symbols);
    return symbols;
  }
}

const PIECE_CACHE_MAX = 200_000;
