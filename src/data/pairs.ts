/**
 * Turns aligned Ding parts into sentence pairs. Pure.
 *
 * A part like `Aalleiter; Aaltreppe; Aalpass :: eel ladder` lists synonyms on each side, but the synonyms of the two
 * sides are not aligned with each other (Ding does not order them to match), so there are three ways to use them:
 * - 'single':  keep the part only when both sides have exactly one alternative;
 * - 'first':   pair the first alternatives (Ding puts the most common word first) and ignore the rest;
 * - 'cross':   every German alternative with every English one.
 * `scripts/data/synonyms.ts` measures them; the corpus uses DEFAULT_SYNONYM_STRATEGY (see config.ts for why).
 */
import { splitAlternatives, stripAnnotations, type RawPart } from './ding';

export type SynonymStrategy = 'single' | 'first' | 'cross';

export interface Pair {
  de: string;
  en: string;
}

export function pairsFromPart(part: RawPart, strategy: SynonymStrategy): Pair[] {
  // A side that strips to nothing still yields one empty alternative, so the filter can count the drop.
  const deAlts = orEmpty(splitAlternatives(stripAnnotations(part.de)));
  const enAlts = orEmpty(splitAlternatives(stripAnnotations(part.en)));
  const de = deAlts[0] ?? '';
  const en = enAlts[0] ?? '';
  switch (strategy) {
    case 'single':
      return deAlts.length === 1 && enAlts.length === 1 ? [{ de, en }] : [];
    case 'first':
      return [{ de, en }];
    case 'cross':
      return deAlts.flatMap((d) => enAlts.map((e) => ({ de: d, en: e })));
  }
}

function orEmpty(alternatives: string[]): string[] {
  return alternatives.length === 0 ? [''] : alternatives;
}
