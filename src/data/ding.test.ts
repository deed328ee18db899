import { describe, expect, it } from 'vitest';
import { parseDingLine, splitAlternatives, stripAnnotations } from './ding';
import { pairsFromPart } from './pairs';

/** Real lines of trans-de-en 1.9-6, copied verbatim. */
const AALREUSE =
  'Aalreuse {f}; Aalkorb {m} | Aalreusen {pl}; Aalkörbe {pl} :: eel trap; weel [archaic] <weely> | eel traps; weels';
const BUSHEL =
  'Bushel {m} (britisches und amerikanisches Raummaß) ~Scheffel | ein Bushel Weizen :: bushel /bu.; bsh./ | a bushel of wheat';
const BLANK =
  'blank; pur; rein; schier [geh.]; bar [geh.] [selten] {adj} (in reinster Form) | blanker Hohn | die reine Wahrheit | ' +
  'aus reiner Bosheit | Es war purer Zufall. | Das ist blanker Unsinn. | Dieses Argument ist reine Rhetorik. :: ' +
  'sheer; pure; plain; arrant [dated] <purer> <purest> | sheer/pure mockery | the plain truth | from sheer malice | ' +
  'It was sheer/pure coincidence. | That is sheer/pure nonsense. | This argument is pure / arrant rhetoric.';

function firstPairs(line: string) {
  const parsed = parseDingLine(line);
  if (parsed.kind !== 'entry') throw new Error(`not an entry: ${parsed.kind}`);
  return parsed.parts.flatMap((part) => pairsFromPart(part, 'first'));
}

describe('parseDingLine', () => {
  it('splits sides on " :: " and aligns the " | " parts', () => {
    expect(parseDingLine(AALREUSE)).toEqual({
      kind: 'entry',
      parts: [
        { de: 'Aalreuse {f}; Aalkorb {m}', en: 'eel trap; weel [archaic] <weely>' },
        { de: 'Aalreusen {pl}; Aalkörbe {pl}', en: 'eel traps; weels' },
      ],
    });
  });

  it('recognises comments and blank lines', () => {
    expect(parseDingLine('# Version :: devel 2023-01-30')).toEqual({ kind: 'comment' });
    expect(parseDingLine('   ')).toEqual({ kind: 'comment' });
  });

  it('reports entries whose part counts differ, since their alignment is unknown', () => {
    expect(parseDingLine('Haus {n} | Häuser {pl} :: house')).toEqual({ kind: 'mismatch', deParts: 2, enParts: 1 });
  });

  it('reports lines without exactly one " :: "', () => {
    expect(parseDingLine('Haus {n}')).toEqual({ kind: 'malformed' });
    expect(parseDingLine('a :: b :: c')).toEqual({ kind: 'malformed' });
  });

  it('splits only on the spaced separators, not on a bare "|" or "::"', () => {
    expect(parseDingLine('A|B :: C::D')).toEqual({ kind: 'entry', parts: [{ de: 'A|B', en: 'C::D' }] });
  });
});

describe('stripAnnotations', () => {
  it.each([
    ['Aalreuse {f}; Aalkorb {m}', 'Aalreuse; Aalkorb'],
    ['eel trap; weel [archaic] <weely>', 'eel trap; weel'],
    // grammar labels containing "; " go before synonym splitting
    ['to sink (a project etc.) {sank, sunk; sunk} [fig.]', 'to sink'],
    ['in Bezug auf etw. {prp; +Akk.}; bezüglich etw. {prp; +Gen.}', 'in Bezug auf etw.; bezüglich etw.'],
    // abbreviation markers, also with "; " inside; slashes in text stay
    ['bushel /bu.; bsh./', 'bushel'],
    [
      'particulates; particulate matter /PM/; particulate material /PM/',
      'particulates; particulate matter; particulate material',
    ],
    ['Gesellschaft mit beschränkter Haftung /GmbH/, /GesmbH/ [Ös.] [econ.]', 'Gesellschaft mit beschränkter Haftung'],
    ['Child /CRC/, /CROC/, /UNCRC/; Rights of the Child Convention', 'Child; Rights of the Child Convention'],
    [
      'end-of-train device /ETD/, EOT device; flashing rear-end device /FRED/',
      'end-of-train device, EOT device; flashing rear-end device',
    ],
    ['sheer/pure mockery', 'sheer/pure mockery'],
    ['This argument is pure / arrant rhetoric.', 'This argument is pure / arrant rhetoric.'],
    ['to take notice of sb./sth.', 'to take notice of sb./sth.'],
    // glosses in parentheses go, with their text, wherever they stand
    ['Aale {pl}; Aalartige {pl} (Anguilliformes) (zoologische Ordnung)', 'Aale; Aalartige'],
    ['(im Gedränge) aneinanderstoßen {vi}', 'aneinanderstoßen'],
    ['Aalenian (stage in the Earth’s history)', 'Aalenian'],
    ['etw. tun ohne (besonders) aufzufallen', 'etw. tun ohne aufzufallen'],
    ['Eel (on a menu (any))', 'Eel'],
    // optional lowercase affixes glued to a word keep their letters
    ['frozen food(s); deep-frozen food(s)', 'frozen foods; deep-frozen foods'],
    ['jdm. zu(r) Kenntnis gelangen', 'jdm. zur Kenntnis gelangen'],
    ['Geh(t) mit Gott! [relig.] (Verabschiedung)', 'Geht mit Gott!'],
    // "see also" cross-references, with or without a space after the tilde
    ['Armenrecht {n} [jur.] ~Prozesskostenhilfe', 'Armenrecht'],
    ['in forma pauperis /IFP/ ~legal aid', 'in forma pauperis'],
    ['kollektivistisch {adj} ~ Kollektivismus', 'kollektivistisch'],
    ['lakelet ~tarn; pondlet', 'lakelet; pondlet'],
    // typographic apostrophe and whitespace are normalised
    ['list; dorsal stripe [hunters’ parlance]', 'list; dorsal stripe'],
    ['to escape sb.’s  notice ', "to escape sb.'s notice"],
  ])('%s → %s', (raw, stripped) => {
    expect(stripAnnotations(raw)).toBe(stripped);
  });
});

describe('splitAlternatives', () => {
  it('splits on ";" and drops empty alternatives', () => {
    expect(splitAlternatives('Aalreuse; Aalkorb')).toEqual(['Aalreuse', 'Aalkorb']);
    expect(splitAlternatives('a;; b;')).toEqual(['a', 'b']);
    expect(splitAlternatives('')).toEqual([]);
  });
});

describe('pairs from real entries', () => {
  it('pairs the first synonyms of each aligned part', () => {
    expect(firstPairs(AALREUSE)).toEqual([
      { de: 'Aalreuse', en: 'eel trap' },
      { de: 'Aalreusen', en: 'eel traps' },
    ]);
    expect(firstPairs(BUSHEL)).toEqual([
      { de: 'Bushel', en: 'bushel' },
      { de: 'ein Bushel Weizen', en: 'a bushel of wheat' },
    ]);
  });

  it('keeps example sentences aligned with their translations', () => {
    const pairs = firstPairs(BLANK);
    expect(pairs).toHaveLength(7);
    expect(pairs[0]).toEqual({ de: 'blank', en: 'sheer' });
    expect(pairs[4]).toEqual({ de: 'Es war purer Zufall.', en: 'It was sheer/pure coincidence.' });
    expect(pairs[6]).toEqual({
      de: 'Dieses Argument ist reine Rhetorik.',
      en: 'This argument is pure / arrant rhetoric.',
    });
  });

  it('supports the single and cross strategies', () => {
    const parsed = parseDingLine(AALREUSE);
    if (parsed.kind !== 'entry') throw new Error('not an entry');
    const [head] = parsed.parts;
    if (head === undefined) throw new Error('no part');
    expect(pairsFromPart(head, 'single')).toEqual([]);
    expect(pairsFromPart({ de: 'Aalsuppe {f} [cook.]', en: 'eel soup' }, 'single')).toEqual([
      { de: 'Aalsuppe', en: 'eel soup' },
    ]);
    expect(pairsFromPart(head, 'cross')).toEqual([
      { de: 'Aalreuse', en: 'eel trap' },
      { de: 'Aalreuse', en: 'weel' },
      { de: 'Aalkorb', en: 'eel trap' },
      { de: 'Aalkorb', en: 'weel' },
    ]);
  });

  it('yields an empty side when a part is all annotation, for the filter to count', () => {
    expect(pairsFromPart({ de: 'fristen {vt}', en: '(a life) [rare]' }, 'first')).toEqual([{ de: 'fristen', en: '' }]);
  });
});
