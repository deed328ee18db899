import { describe, expect, it } from 'vitest';
import { DING_DICTIONARY_PER_MILLE } from './config';
import type { Pair } from './pairs';
import { isDingSentence, mixCorpus, sentenceDropReason } from './software-corpus';
import { pairKey, SPLIT_NAMES, splitOf } from './split';

const numbered = (prefix: string, n: number, make: (i: number) => Pair): Pair[] =>
  Array.from({ length: n }, (_, i) => make(i)).map((p) => ({ de: `${prefix} ${p.de}`, en: `${prefix} ${p.en}` }));

describe('sentenceDropReason', () => {
  it('keeps a normal pair and names what is wrong with a bad one', () => {
    expect(sentenceDropReason({ de: 'Die Datei wurde gespeichert.', en: 'The file was saved.' })).toBeNull();
    expect(sentenceDropReason({ de: 'Calc', en: 'Calc' })).toBe('identical');
    expect(sentenceDropReason({ de: '42', en: '42 %' })).toBe('no-letters');
    expect(sentenceDropReason({ de: 'a'.repeat(301), en: 'b'.repeat(301) })).toBe('too-long');
    expect(sentenceDropReason({ de: 'Ja', en: 'Yes, and this is a much longer English sentence' })).toBe(
      'length-ratio',
    );
  });
});

describe('mixCorpus', () => {
  const help = numbered('Hilfe', 3000, (i) => ({ de: `Absatz ${i} ist hier.`, en: `Paragraph ${i} is here.` }));
  const catalogs = [
    ...numbered('Menü', 3000, (i) => ({ de: `Eintrag ${i}`, en: `Item ${i}` })),
    ...help.slice(0, 10), // the same string in a catalog and the help: one pair
  ];
  const ding = [
    ...numbered('Ding', 2000, (i) => ({ de: `Das ist Satz Nummer ${i}.`, en: `That is sentence number ${i}.` })),
    ...numbered('Wort', 20000, (i) => ({ de: `Wort${i}`, en: `word${i}` })),
  ];
  const { splits, stats } = mixCorpus(help, catalogs, ding);

  it('never shares a German side, or a pair, across splits', () => {
    const seen = new Map<string, string>();
    for (const name of SPLIT_NAMES) {
      for (const pair of splits[name]) {
        expect(seen.get(pair.de) ?? name).toBe(name);
        seen.set(pair.de, name);
        expect(splitOf(pair.de)).toBe(name);
      }
    }
    const keys = SPLIT_NAMES.flatMap((name) => splits[name].map(pairKey));
    expect(new Set(keys).size).toBe(keys.length);
    expect(stats.catalogs.dropped.duplicate).toBe(10);
  });

  it('holds out software pairs only, and drops (not moves) Ding pairs that hash into valid or test', () => {
    for (const pair of [...splits.valid, ...splits.test]) expect(pair.de).toMatch(/^(Hilfe|Menü) /);
    const dingHeldOut = ding.filter((pair) => isDingSentence(pair) && splitOf(pair.de) !== 'train').length;
    expect(stats['ding-sentences'].dropped['held-out']).toBe(dingHeldOut);
    expect(dingHeldOut).toBeGreaterThan(0);
    expect(splits.valid.length).toBeGreaterThan(50);
    expect(splits.test.length).toBeGreaterThan(50);
  });

  it('keeps every Ding sentence in train and samples the dictionary at its rate', () => {
    expect(stats['ding-sentences'].candidates).toBe(2000);
    const kept = stats['ding-dictionary'].pairs.train + (stats['ding-dictionary'].dropped['held-out'] ?? 0);
    expect(kept / 20000).toBeCloseTo(DING_DICTIONARY_PER_MILLE / 1000, 2);
  });

  it('is a pure function of its input: the same splits in the same order', () => {
    expect(mixCorpus(help, catalogs, ding).splits).toEqual(splits);
  });
});
