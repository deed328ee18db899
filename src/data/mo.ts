/**
 * Reader for GNU gettext's binary `.mo` catalogs. Pure: works on bytes, no Node or DOM APIs.
 *
 * Written here rather than taken from npm (gettext-parser) because the format is a fixed 28-byte header and two
 * tables of (length, offset) pairs (GNU gettext manual, "The Format of GNU MO Files"), which is about forty lines,
 * while the package also compiles and parses `.po` text, and converts charsets through its own dependencies; every
 * catalog we read declares UTF-8, and one that does not is rejected by name.
 */

export interface MoEntry {
  /** msgctxt, when the string has one (stored before the msgid, separated by U+0004). */
  context?: string;
  msgid: string;
  /** The plural msgid (stored after the msgid, separated by U+0000). */
  msgidPlural?: string;
  /** The translations: one, or one per plural form. */
  msgstr: string[];
}

const MAGIC_LE = 0x950412de;
const MAGIC_BE = 0xde120495;
const CONTEXT_SEPARATOR = '\u0004';
const PLURAL_SEPARATOR = '\u0000';

/** Every entry of the catalog except the header (the entry with the empty msgid). Throws on malformed input. */
export function parseMo(bytes: Uint8Array): MoEntry[] {
  if (bytes.byteLength < 28) throw new Error(`not a .mo file: ${bytes.byteLength} bytes is shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) throw new Error('not a .mo file: bad magic number');
  const littleEndian = magic === MAGIC_LE;
  const u32 = (offset: number): number => {
    if (offset + 4 > bytes.byteLength) throw new Error(`.mo file truncated at byte ${offset}`);
    return view.getUint32(offset, littleEndian);
  };
  const revision = u32(4);
  if (revision >> 16 > 1) throw new Error(`.mo major revision ${revision >> 16} is not supported`);
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stringAt = (table: number, i: number): string => {
    const length = u32(table + 8 * i);
    const offset = u32(table + 8 * i + 4);
    if (offset + length > bytes.byteLength) throw new Error(`.mo string ${i} runs past the end of the file`);
    return decoder.decode(bytes.subarray(offset, offset + length));
  };
  const entries: MoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const key = stringAt(originals, i);
    const value = stringAt(translations, i);
    if (key === '') {
      const charset = /charset=([^\s;]+)/i.exec(value)?.[1];
      if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
        throw new Error(`.mo catalog declares charset ${charset}; only UTF-8 is read`);
      }
      continue;
    }
    const contextEnd = key.indexOf(CONTEXT_SEPARATOR);
    const context = contextEnd >= 0 ? key.slice(0, contextEnd) : undefined;
    const [msgid = '', msgidPlural] = key.slice(contextEnd + 1).split(PLURAL_SEPARATOR);
    entries.push({
      ...(context !== undefined && { context }),
      msgid,
      ...(msgidPlural !== undefined && { msgidPlural }),
      msgstr: value.split(PLURAL_SEPARATOR),
    });
  }
  return entries;
}
