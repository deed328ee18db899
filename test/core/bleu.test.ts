import { describe, expect, it } from 'vitest';
import { bleuFromStatistics, corpusBleu, tokenize13a } from '../../src/core/bleu';

// Known values from sacreBLEU's own test suite (test/test_bleu.py) and README example.
const REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('corpusBleu matches sacreBLEU', () => {
  it('on the README example with default settings (13a, exp smoothing): 48.530827', () => {
    expect(corpusBleu(HYPS, REFS).score).toBeCloseTo(48.530827, 5);
  });

  it('without tokenisation: 49.1919566', () => {
    expect(corpusBleu(HYPS, REFS, { tokenize: 'none' }).score).toBeCloseTo(49.1919566, 6);
  });

  it('with no smoothing on the same example: 48.530827', () => {
    expect(corpusBleu(HYPS, REFS, { smoothing: 'none' }).score).toBeCloseTo(48.530827, 5);
  });

  it('gives 0 for empty hypotheses, which are kept, not dropped', () => {
    expect(corpusBleu(['', '', ''], REFS).score).toBe(0);
  });

  it('counts clipped n-grams as sacreBLEU does', () => {
    const result = corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']]);
    expect(result.counts).toEqual([4, 2, 1, 0]);
    expect(result.totals).toEqual([6, 5, 4, 3]);
  });

  it('scores sufficient statistics as compute_bleu does: 83.75922397', () => {
    expect(bleuFromStatistics([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score).toBeCloseTo(83.75922397, 6);
  });

  it('is 100 for a perfect match and applies the brevity penalty to short output', () => {
    expect(corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]).score).toBeCloseTo(100, 10);
    const short = corpusBleu(['the cat sat on'], [['the cat sat on the mat']]);
    expect(short.brevityPenalty).toBeCloseTo(Math.exp(1 - 6 / 4), 12);
  });

  it('refuses reference streams of the wrong length', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow(/1 lines for 2 hypotheses/);
  });
});

describe('tokenize13a', () => {
  it('splits punctuation but keeps decimals, thousands, apostrophes and hyphenated words', () => {
    expect(tokenize13a('Hello, world. It costs 3.50 (or 1,000)!')).toBe('Hello , world . It costs 3.50 ( or 1,000 ) !');
    expect(tokenize13a("It wasn't well-known")).toBe("It wasn't well-known"); // 13a leaves apostrophes and hyphens
    expect(tokenize13a('1990-2000 &amp; &quot;x&quot;')).toBe('1990 - 2000 & " x "');
  });
});
