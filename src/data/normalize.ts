/**
 * Text normalisation shared by the corpus builder and the tokenizer, so that the text a model sees at training time
 * and the text a user types are put in the same form. Pure: no Node or DOM APIs.
 *
 * What it does, and why:
 * - Unicode NFC, so "ä" is always one code point (the tokenizer's alphabet is per code point).
 * - Typographic quotes and apostrophes become ASCII (’ ‘ → ', “ ” „ → "), and en/em dashes become "-": Ding mixes
 *   both styles, and one form per symbol saves vocabulary and avoids near-duplicate pairs. Two Windows-1252
 *   characters that appear as C1 controls (U+0092, U+0096) get the same treatment.
 * - Every run of whitespace (incl. no-break space and tabs) becomes one space; the ends are trimmed. The tokenizer's
 *   word-boundary marker relies on this: a space is always a single separator between two non-space characters.
 * Case is kept: German capitalises nouns and sentences start with capitals, which a translator should reproduce.
 */

const CHAR_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['\u2019', "'"], // right single quotation mark, used by Ding as the apostrophe
  ['\u2018', "'"],
  ['\u201a', "'"],
  ['\u00b4', "'"], // acute accent misused as apostrophe
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['\u201e', '"'],
  ['\u2013', '-'],
  ['\u2014', '-'],
  // Windows-1252 punctuation that leaked into Ding as C1 control characters.
  ['\u0092', "'"],
  ['\u0096', '-'],
  // The tokenizer's word-boundary marker must never occur in text, or decoding would turn it into a space.
  ['\u2581', '_'],
]);

const REPLACEABLE = new RegExp(`[${[...CHAR_REPLACEMENTS.keys()].join('')}]`, 'g');

export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(REPLACEABLE, (ch) => CHAR_REPLACEMENTS.get(ch) ?? ch)
    .replace(/\s+/gu, ' ')
    .trim();
}
