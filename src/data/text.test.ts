import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';
import { joinPieces, pretokenize, WORD_BOUNDARY as B } from './pretokenize';
import { lengthStats } from './stats';
import { formatTsv, parseTsv } from './tsv';

describe('normalizeText', () => {
  it('composes umlauts to NFC', () => {
    expect(normalizeText('U\u0308ber')).toBe('\u00dcber');
  });

  it('maps typographic punctuation to ASCII and collapses whitespace', () => {
    expect(normalizeText('  Earth’s „Mond“\u00a0–\tnah\n ')).toBe('Earth\'s "Mond" - nah');
    expect(normalizeText('d\u0092Artagnan')).toBe("d'Artagnan");
  });

  it('keeps case, ß and the ellipsis', () => {
    expect(normalizeText('Straße GROSS …')).toBe('Straße GROSS …');
  });

  it('replaces the word-boundary marker so it never occurs in text', () => {
    expect(normalizeText(`a${B}b`)).toBe('a_b');
  });
});

describe('pretokenize', () => {
  it('splits letters, single digits and punctuation, marking a preceding space', () => {
    expect(pretokenize("Es war's 1950, ok.")).toEqual([
      'Es',
      `${B}war`,
      "'",
      's',
      `${B}1`,
      '9',
      '5',
      '0',
      ',',
      `${B}ok`,
      '.',
    ]);
  });

  it('keeps umlauts and ß inside words', () => {
    expect(pretokenize('Größe über')).toEqual(['Größe', `${B}über`]);
  });

  it('reproduces the normalised text when joined', () => {
    const text = normalizeText('(im Gedränge) a/b – c…  "d" ½');
    expect(joinPieces(pretokenize(text).join(''))).toBe(text);
  });
});

describe('lengthStats', () => {
  it('gives mean, nearest-rank p95 and max', () => {
    const counts = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(lengthStats(counts)).toEqual({ mean: 50.5, p95: 95, max: 100 });
    expect(lengthStats([])).toEqual({ mean: 0, p95: 0, max: 0 });
  });
});

describe('tsv', () => {
  it('round-trips pairs and rejects malformed lines', () => {
    const pairs = [
      { de: 'Aal', en: 'eel' },
      { de: 'Es war purer Zufall.', en: 'It was sheer/pure coincidence.' },
    ];
    expect(parseTsv(formatTsv(pairs))).toEqual(pairs);
    expect(() => parseTsv('a\tb\tc\n')).toThrow(/line 1/);
  });
});
