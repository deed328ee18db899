/**
 * Parser for the Ding dictionary's text format (Debian package trans-de-en, file /usr/share/trans/de-en).
 * Pure: no Node or DOM APIs, so the browser and the tests can use it too.
 *
 * One entry per line: `German :: English`. Both sides are split on ` | ` into parts that align one-to-one (a head
 * word, its inflected forms, then example phrases and sentences). Within a part, `; ` separates synonyms.
 * Lines starting with `#` are comments.
 */
import { normalizeText } from './normalize';

/** One aligned German/English part of an entry, still with its annotations and `;` synonym lists. */
export interface RawPart {
  de: string;
  en: string;
}

export type ParsedLine =
  | { kind: 'comment' }
  | { kind: 'malformed' } // not exactly one ` :: ` separator
  | { kind: 'mismatch'; deParts: number; enParts: number } // part counts differ: alignment unknown
  | { kind: 'entry'; parts: RawPart[] };

const SIDE_SEPARATOR = ' :: ';
const PART_SEPARATOR = ' | ';

export function parseDingLine(line: string): ParsedLine {
  if (line.startsWith('#') || line.trim() === '') return { kind: 'comment' };
  const sides = line.split(SIDE_SEPARATOR);
  if (sides.length !== 2) return { kind: 'malformed' };
  const deParts = (sides[0] ?? '').split(PART_SEPARATOR);
  const enParts = (sides[1] ?? '').split(PART_SEPARATOR);
  if (deParts.length !== enParts.length) {
    return { kind: 'mismatch', deParts: deParts.length, enParts: enParts.length };
  }
  return { kind: 'entry', parts: deParts.map((de, i) => ({ de, en: enParts[i] ?? '' })) };
}

/**
 * Removes Ding's annotations from one part (before `;` splitting, because `{sank, sunk; sunk}`, `/bu.; bsh./` and
 * `(a; b)` contain semicolons themselves), then normalises the text.
 *
 * - `{f}` `{pl}` `{vt}` `{prp; +Dat.}` … grammar labels: dropped.
 * - `[coll.]` `[Br.]` `[techn.]` … usage and domain labels: dropped.
 * - `<Golfbälle>` `<eelsmoking business>` … alternative spellings and search keys: dropped.
 * - ` /PM/` ` /IFP/` ` /CRC/, /UNCRC/` … abbreviation markers (slash-delimited tokens after a space, possibly a
 *   comma-separated list): dropped. Slashes inside text (`sheer/pure`, `jdm./etw.`, `a / b`) are real text and stay.
 * - `(on a menu)` `(zoologische Familie)` … parenthesised glosses: dropped with their content. They explain rather than
 *   translate, and the two sides rarely carry matching glosses (`Aale (Anguilliformes) (zoologische Ordnung)` ::
 *   `eels (zoological order)`), so keeping their text would teach the model to invent or lose words.
 *   Exception: an all-lowercase bracket glued to a word (`food(s)`, `zu(r)`, `Geh(t)`) is an optional affix; its
 *   letters are kept (`foods`, `zur`, `Geht`) because the full form is always a real word and the stem is not
 *   (`zu Kenntnis`).
 * - `~Prozesskostenhilfe`, `~ Anomie` … "see also" cross-references: dropped up to the next `;`.
 */
export function stripAnnotations(part: string): string {
  let text = part
    .replace(/\s*\{[^{}]*\}/g, '')
    .replace(/\s*\[[^[\]]*\]/g, '')
    .replace(/\s*<[^<>]*>/g, '')
    .replace(/(?:\s*,)?\s*(?<![^\s])\/[^\s/](?:[^/]*[^\s/])?\/(?=$|[\s;,.:!?])/g, '')
    .replace(/(?<=\p{L})\((\p{Ll}+)\)/gu, '$1');
  // Parentheses may nest, e.g. `(siehe (a))`: remove innermost first until none is left.
  for (;;) {
    const next = text.replace(/\s*\([^()]*\)/g, '');
    if (next === text) break;
    text = next;
  }
  text = text.replace(/\s*~[^;]*/g, '');
  return normalizeText(text);
}

/** Splits a stripped part into its synonyms (`a; b; c`), dropping empty ones. */
export function splitAlternatives(strippedPart: string): string[] {
  return strippedPart
    .split(';')
    .map((alt) => alt.trim())
    .filter((alt) => alt !== '');
}
