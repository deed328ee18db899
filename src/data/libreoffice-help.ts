/**
 * Text of LibreOffice's offline help pages (Debian's libreoffice-help-<lang>), by paragraph id, so the German and the
 * English page can be aligned. Pure (htmlparser2 is plain JavaScript).
 *
 * Every translated paragraph and heading is a `<p>` or `<h1>`-`<h6>` carrying the id of its source string
 * (`par_id3150444`, `hd_id3153311`), the same in every language. Inside one, the help's scripts show one variant of a
 * `switchinline` (per OS or module) and hide the others: we keep the `default…` variant and skip every other element
 * marked `hidden`, so both languages give the text a Linux user sees. Code listings (`bascode`, `<pre>`) are skipped.
 */
import { Parser } from 'htmlparser2';
import { normalizeText } from './normalize';

export interface HelpParagraph {
  /** The element's id, with `#n` appended for its n-th repeat on the page (n ≥ 2), so keys stay unique. */
  key: string;
  text: string;
}

const PARAGRAPH_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIPPED_TAGS = new Set(['pre', 'script', 'style', 'code']);
const SKIPPED_CLASSES = /\b(bascode|code)\b/;
const VOID_TAGS = new Set(['br', 'img', 'meta', 'link', 'input', 'hr', 'col', 'area', 'base', 'wbr', 'source']);

function isSkipped(name: string, attribs: Record<string, string>): boolean {
  if (SKIPPED_TAGS.has(name) || SKIPPED_CLASSES.test(attribs.class ?? '')) return true;
  return 'hidden' in attribs && !(attribs.id ?? '').startsWith('default');
}

/** The id-carrying paragraphs of one help page, in document order, normalised; empty ones are left out. */
export function helpParagraphs(html: string): HelpParagraph[] {
  const paragraphs: HelpParagraph[] = [];
  const seen = new Map<string, number>();
  // Open non-void elements; a skipped one hides its whole subtree.
  const stack: Array<{ name: string; skipped: boolean; paragraph: boolean }> = [];
  let skipDepth = 0;
  let current: { id: string; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (VOID_TAGS.has(name)) {
          if (name === 'br' && current !== undefined && skipDepth === 0) current.text += ' ';
          return;
        }
        const skipped = isSkipped(name, attribs);
        if (skipped) skipDepth++;
        const paragraph = PARAGRAPH_TAGS.has(name) && attribs.id !== undefined && current === undefined;
        if (paragraph && skipDepth === 0) current = { id: attribs.id!, text: '' };
        stack.push({ name, skipped, paragraph: paragraph && skipDepth === 0 });
      },
      ontext(text) {
        if (current !== undefined && skipDepth === 0) current.text += text;
      },
      onclosetag(name) {
        if (VOID_TAGS.has(name)) return;
        const open = stack.pop();
        if (open === undefined) return;
        if (open.skipped) skipDepth--;
        if (open.paragraph && current !== undefined) {
          const text = normalizeText(current.text);
          const n = (seen.get(current.id) ?? 0) + 1;
          seen.set(current.id, n);
          if (text !== '') paragraphs.push({ key: n === 1 ? current.id : `${current.id}#${n}`, text });
          current = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return paragraphs;
}

/**
 * Pairs the paragraphs of the same page in two languages by key; a key present in one language only is skipped
 * (the help is generated from one source, so this is rare).
 */
export function alignHelpPage(
  german: readonly HelpParagraph[],
  english: readonly HelpParagraph[],
): Array<{ de: string; en: string }> {
  const englishByKey = new Map(english.map(({ key, text }) => [key, text]));
  const pairs: Array<{ de: string; en: string }> = [];
  for (const { key, text } of german) {
    const en = englishByKey.get(key);
    if (en !== undefined) pairs.push({ de: text, en });
  }
  return pairs;
}
