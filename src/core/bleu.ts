/**
 * Corpus BLEU as sacreBLEU computes it (default settings: 13a tokenisation, case-sensitive, exponential
 * smoothing, closest reference length), so scores compare with published sacreBLEU numbers.
 */

const MAX_ORDER = 4;

/** A zero precision's logarithm in sacreBLEU: large and finite, so the score becomes 0 without NaN. */
const LOG_ZERO = -9999999999;

// mteval-v13a's rules, as sacreBLEU's tokenizer_13a applies them.
const TOKENIZE_13A: [RegExp, string][] = [
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  [/([^0-9])([.,])/g, '$1 $2 '],
  [/([.,])([^0-9])/g, ' $1 $2'],
  [/([0-9])(-)/g, '$1 $2 '],
];

export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `;
  for (const [pattern, replacement] of TOKENIZE_13A) text = text.replace(pattern, replacement);
  return text.split(/\s+/).filter(Boolean).join(' ');
}

export type BleuTokenizer = '13a' | 'none';
export type BleuSmoothing = 'exp' | 'none';

export interface BleuResult {
  /** 0 to 100. */
  score: number;
  /** Clipped n-gram matches, orders 1 to 4. */
  counts: number[];
  /** Hypothesis n-grams, orders 1 to 4. */
  totals: number[];
  /** Percent, orders 1 to 4. */
  precisions: number[];
  brevityPenalty: number;
  hypLength: number;
  refLength: number;
}

function ngramCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= MAX_ORDER; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = `${n}\u0001${tokens.slice(i, i + n).join('\u0001')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** sacreBLEU's compute_bleu from sufficient statistics. */
export function bleuFromStatistics(
  counts: readonly number[],
  totals: readonly number[],
  hypLength: number,
  refLength: number,
  smoothing: BleuSmoothing = 'exp',
): BleuResult {
  const precisions = Array<number>(MAX_ORDER).fill(0);
  let smoothFactor = 1;
  for (let n = 0; n < MAX_ORDER; n++) {
    const total = totals[n] ?? 0;
    const correct = counts[n] ?? 0;
    if (total === 0) break;
    if (correct === 0 && smoothing === 'exp') {
      smoothFactor *= 2;
      precisions[n] = 100 / (smoothFactor * total);
    } else precisions[n] = (100 * correct) / total;
  }
  let brevityPenalty = 1;
  if (hypLength < refLength) brevityPenalty = hypLength > 0 ? Math.exp(1 - refLength / hypLength) : 0;
  const logSum = precisions.reduce((sum, p) => sum + (p === 0 ? LOG_ZERO : Math.log(p)), 0);
  return {
    score: brevityPenalty * Math.exp(logSum / MAX_ORDER),
    counts: [...counts],
    totals: [...totals],
    precisions,
    brevityPenalty,
    hypLength,
    refLength,
  };
}

/**
 * Corpus BLEU of `hypotheses` against one or more reference streams (`references[k][i]` is the k-th
 * reference of sentence i), as `sacrebleu.corpus_bleu(hypotheses, references)`.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: { tokenize?: BleuTokenizer; smoothing?: BleuSmoothing } = {},
): BleuResult {
  for (const stream of references) {
    if (stream.length !== hypotheses.length) {
      throw new RangeError(`a reference stream has ${stream.length} lines for ${hypotheses.length} hypotheses`);
    }
  }
  const split = (line: string): string[] => {
    const text = options.tokenize === 'none' ? line : tokenize13a(line);
    return text.split(/\s+/).filter(Boolean);
  };
  const counts = Array<number>(MAX_ORDER).fill(0);
  const totals = Array<number>(MAX_ORDER).fill(0);
  let hypLength = 0;
  let refLength = 0;
  hypotheses.forEach((hypothesis, i) => {
    const hypTokens = split(hypothesis);
    hypLength += hypTokens.length;
    const maxRefCounts = new Map<string, number>();
    let closestLength = -1;
    let closestDiff = Infinity;
    for (const stream of references) {
      const refTokens = split(stream[i] as string);
      const diff = Math.abs(hypTokens.length - refTokens.length);
      // The closest reference length wins; on a tie, the shorter one (sacreBLEU's rule).
      if (diff < closestDiff || (diff === closestDiff && refTokens.length < closestLength)) {
        closestDiff = diff;
        closestLength = refTokens.length;
      }
      for (const [ngram, count] of ngramCounts(refTokens)) {
        if (count > (maxRefCounts.get(ngram) ?? 0)) maxRefCounts.set(ngram, count);
      }
    }
    refLength += Math.max(closestLength, 0);
    for (const [ngram, count] of ngramCounts(hypTokens)) {
      const order = Number(ngram.slice(0, ngram.indexOf('\u0001'))) - 1;
      totals[order]! += count;
      counts[order]! += Math.min(count, maxRefCounts.get(ngram) ?? 0);
    }
  });
  return bleuFromStatistics(counts, totals, hypLength, refLength, options.smoothing ?? 'exp');
}
