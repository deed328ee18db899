import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMo } from './mo';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../test/fixtures/gettext', name)));

/** What GNU msgfmt compiled from test/fixtures/gettext/sample.po, in msgfmt's (msgid-sorted) order. */
const EXPECTED = [
  { msgid: '%d file', msgidPlural: '%d files', msgstr: ['%d Datei', '%d Dateien'] },
  { msgid: 'The file could not be opened.', msgstr: ['Die Datei konnte nicht geöffnet werden.'] },
  { msgid: '_Open File…', msgstr: ['Datei _öffnen …'] },
  { context: 'menu', msgid: 'Close', msgstr: ['Schließen'] },
];

describe('parseMo', () => {
  it('reads a catalog compiled by GNU msgfmt: context, plurals, UTF-8, header skipped', () => {
    expect(parseMo(fixture('sample.mo'))).toEqual(EXPECTED);
  });

  it('reads the big-endian form the same way', () => {
    expect(parseMo(fixture('sample-be.mo'))).toEqual(EXPECTED);
  });

  it('rejects a file that is not a catalog, or is cut short, by name', () => {
    expect(() => parseMo(new TextEncoder().encode('msgid "x"\nmsgstr "y"\n and more bytes'))).toThrow(/bad magic/);
    expect(() => parseMo(new Uint8Array(10))).toThrow(/shorter than its header/);
    expect(() => parseMo(fixture('sample.mo').subarray(0, 200))).toThrow(/runs past the end|truncated/);
  });

  it('refuses a catalog in another charset rather than misreading it', () => {
    const bytes = fixture('sample.mo').slice();
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf('charset=UTF-8');
    bytes.set(new TextEncoder().encode('charset=LATIN'), at); // same length as charset=UTF-8
    expect(() => parseMo(bytes)).toThrow(/declares charset LATIN; only UTF-8/);
  });
});
