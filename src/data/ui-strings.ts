/**
 * Turns gettext catalog entries (msgid English, msgstr German) into clean sentence pairs, or says why not. Pure.
 *
 * User-interface strings carry things no translator types and no model should learn to produce: format codes
 * (`%s`, `%1$d`, `{0}`, `$(ARG1)`), markup (`<b>`, `&amp;`), keyboard mnemonics (`_Open`, `&Open`, `~Open`) and
 * strings the translator left in English. Mnemonics are removed (the text is a real phrase without them); an entry
 * with a format code or markup is dropped whole, since the placeholder's words are missing.
 */
import type { MoEntry } from './mo';
import { normalizeText } from './normalize';
import type { Pair } from './pairs';

export type UiDropReason =
  'plural' | 'format-code' | 'markup' | 'untranslated' | 'translator-credit' | 'no-letters' | 'multi-line';

/** printf (`%s`, `%1$d`, `%.2f`, `%%`), Qt (`%1`), Python (`%(name)s`), .NET/ICU (`{0}`, `{name}`), LibreOffice
 * (`$(ARG1)`, `%PRODUCTNAME`-style names other than the product's), shell (`${x}`), and GLib's `%'d`. */
const FORMAT_CODE =
  /%[-+ #0']*\d*(?:\$[-+ #0]*\d*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspnmbBHSIMy%]|%\d|%\(|%[A-Z][A-Z0-9_]*|\{[\w.:-]*\}|\$\(|\$\{|\$[A-Z][A-Z0-9_]*\$?|\\[nt]|\$\d|~%/;
const MARKUP = /<\/?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/;
/** KDE asks translators to put their names and e-mails in these. */
const TRANSLATOR_CREDITS = new Set([
  'Your names',
  'Your emails',
  'NAME OF TRANSLATORS',
  'EMAIL OF TRANSLATORS',
  'translator-credits',
]);
/** LibreOffice writes its product name as a placeholder in its catalogs; the help pages already spell it out. */
const PRODUCT_NAME = /%PRODUCTNAME\b/g;

/** `_Open`, `Save _As…` (GTK), `&Open` (Qt), `~Open` (LibreOffice); `&&` and `__` stay single literal characters. */
export function stripMnemonics(text: string): string {
  return text
    .replace(/(?<![_\w])_(?=[\p{L}\p{N}])/gu, '')
    .replace(/&&|&(?=[\p{L}\p{N}])(?![a-zA-Z]+;|#\d+;)/gu, (m) => (m === '&&' ? '&' : ''))
    .replace(/~(?=[\p{L}\p{N}])/gu, '');
}

export function uiPair(entry: MoEntry): { pair: Pair } | { dropped: UiDropReason } {
  if (entry.msgidPlural !== undefined) return { dropped: 'plural' };
  if (TRANSLATOR_CREDITS.has(entry.msgid)) return { dropped: 'translator-credit' };
  const rawEn = entry.msgid.replace(PRODUCT_NAME, 'LibreOffice');
  const rawDe = (entry.msgstr[0] ?? '').replace(PRODUCT_NAME, 'LibreOffice');
  if (rawDe === '') return { dropped: 'untranslated' };
  if (/\n/.test(rawEn) || /\n/.test(rawDe)) return { dropped: 'multi-line' };
  if (FORMAT_CODE.test(rawEn) || FORMAT_CODE.test(rawDe)) return { dropped: 'format-code' };
  if (MARKUP.test(rawEn) || MARKUP.test(rawDe)) return { dropped: 'markup' };
  const en = normalizeText(stripMnemonics(rawEn));
  const de = normalizeText(stripMnemonics(rawDe));
  if (!/\p{L}/u.test(en) || !/\p{L}/u.test(de)) return { dropped: 'no-letters' };
  if (en === de) return { dropped: 'untranslated' };
  return { pair: { de, en } };
}
