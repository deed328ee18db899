import { describe, expect, it } from 'vitest';
import { stripMnemonics, uiPair } from './ui-strings';

const entry = (msgid: string, msgstr: string) => ({ msgid, msgstr: [msgstr] });

describe('stripMnemonics', () => {
  it('removes GTK, Qt and LibreOffice mnemonics and keeps literal characters', () => {
    expect(stripMnemonics('Save _As…')).toBe('Save As…');
    expect(stripMnemonics('&Open && Close')).toBe('Open & Close');
    expect(stripMnemonics('~Datei öffnen')).toBe('Datei öffnen');
    expect(stripMnemonics('snake_case stays')).toBe('snake_case stays');
    expect(stripMnemonics('Tom &amp; Jerry')).toBe('Tom &amp; Jerry');
  });
});

describe('uiPair', () => {
  it('cleans a translated string: mnemonics gone, whitespace and quotes normalised, product name spelled out', () => {
    expect(uiPair(entry('_Open the file', 'Datei _öffnen'))).toEqual({
      pair: { de: 'Datei öffnen', en: 'Open the file' },
    });
    expect(uiPair(entry('Restart %PRODUCTNAME now', '%PRODUCTNAME jetzt neu starten'))).toEqual({
      pair: { de: 'LibreOffice jetzt neu starten', en: 'Restart LibreOffice now' },
    });
  });

  it('drops format codes of every common flavour', () => {
    for (const code of ['%s', '%1$d', '%.2f', '%1', '{0}', '{name}', '$(ARG1)', '${x}', '%(n)s', '$1', '~%', '%%']) {
      expect(uiPair(entry(`Value ${code} here`, `Wert ${code} hier`))).toEqual({ dropped: 'format-code' });
    }
  });

  it('drops markup, plurals, untranslated strings, translator credits and multi-line text', () => {
    expect(uiPair(entry('<b>Bold</b> text', '<b>Fetter</b> Text'))).toEqual({ dropped: 'markup' });
    expect(uiPair(entry('Tom &amp; Jerry', 'Tom &amp; Jerry'))).toEqual({ dropped: 'markup' });
    expect(uiPair({ msgid: 'one file', msgidPlural: 'files', msgstr: ['eine Datei', 'Dateien'] })).toEqual({
      dropped: 'plural',
    });
    expect(uiPair(entry('Settings', 'Settings'))).toEqual({ dropped: 'untranslated' });
    expect(uiPair(entry('Settings', ''))).toEqual({ dropped: 'untranslated' });
    expect(uiPair(entry('Your names', 'Max Mustermann'))).toEqual({ dropped: 'translator-credit' });
    expect(uiPair(entry('Line one\nline two', 'Zeile eins\nZeile zwei'))).toEqual({ dropped: 'multi-line' });
    expect(uiPair(entry('100', '100'))).toEqual({ dropped: 'no-letters' });
  });
});
