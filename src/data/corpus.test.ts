import { describe, expect, it } from 'vitest';
import { buildCorpus, withoutRareChars } from './corpus';
import { dropReason } from './filter';
import { SPLIT_NAMES } from './split';

describe('dropReason', () => {
  it.each([
    [{ de: 'fristen', en: '' }, 'empty'],
    [{ de: 'Namedropping', en: 'name-dropping <name--dropping' }, 'leftover-annotation'],
    [{ de: 'öffnende runde Klammer / ( /', en: 'opening round bracket' }, 'leftover-annotation'],
    [{ de: 'Gesundheits…', en: 'physical' }, 'fragment'],
    [{ de: '…verbesserer', en: 'improver' }, 'fragment'],
    [{ de: 'Chrom-…', en: 'chromous' }, 'fragment'],
    [{ de: 'Wiedemann-Franz-Gesetz', en: 'Wiedemann\u0096Franz law' }, 'control-char'],
    [{ de: 'A'.repeat(201), en: 'A'.repeat(201) }, 'too-long'],
    [{ de: 'saukalt', en: 'as cold as a brass toilet seat in the Yukon' }, 'length-ratio'],
  ] as const)('%j → %s', (pair, reason) => {
    expect(dropReason(pair)).toBe(reason);
  });

  it.each([
    { de: 'Kfz', en: 'motor vehicle' },
    { de: 'Aal', en: 'eel' },
    { de: 'Behauptung', en: 'My contention is that …' },
    { de: 'Es war purer Zufall.', en: 'It was sheer/pure coincidence.' },
  ])('keeps %j', (pair) => {
    expect(dropReason(pair)).toBeNull();
  });
});

describe('withoutRareChars', () => {
  it('drops pairs holding a character rarer than the threshold', () => {
    const pairs = [
      { de: 'ab', en: 'ba' },
      { de: 'ab', en: 'ab' },
      { de: 'aα', en: 'ab' },
    ];
    expect(withoutRareChars(pairs, 2)).toEqual(pairs.slice(0, 2));
  });
});

describe('buildCorpus', () => {
  const DING = [
    '# Version :: devel 2023-01-30',
    'Aalsuppe {f} [cook.] | Aalsuppen {pl} :: eel soup | eel soups',
    'Aalsuppe {f} [cook.] :: eel soup',
    'Haus {n} | Häuser {pl} :: house',
    'ärztlich {adj}; Gesundheits… :: physical',
    'Gesundheits… :: health',
    '',
  ].join('\n');

  it('counts every stage', () => {
    // Every character of this tiny excerpt is rare, so the rare-character filter is off here.
    const { stats, splits } = buildCorpus(DING, { minCharCount: 1 });
    expect(stats).toMatchObject({
      lines: 6,
      commentLines: 1,
      mismatchedLines: 1,
      alignedParts: 5,
      candidatePairs: 5,
    });
    expect(stats.dropped.fragment).toBe(1);
    expect(stats.dropped.duplicate).toBe(1);
    const all = SPLIT_NAMES.flatMap((name) => splits[name]);
    expect(all).toHaveLength(3);
    expect(all).toEqual(
      expect.arrayContaining([
        { de: 'Aalsuppe', en: 'eel soup' },
        { de: 'Aalsuppen', en: 'eel soups' },
        { de: 'ärztlich', en: 'physical' },
      ]),
    );
  });

  it('drops pairs with characters rarer than minCharCount', () => {
    // With a threshold of 3, "ä" (once) and "n" (once, in Aalsuppen) are rare.
    const { stats, splits } = buildCorpus(DING, { minCharCount: 3 });
    expect(stats.dropped['rare-char']).toBe(2);
    expect(SPLIT_NAMES.flatMap((name) => splits[name])).toEqual([{ de: 'Aalsuppe', en: 'eel soup' }]);
  });
});
