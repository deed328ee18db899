import { describe, expect, it } from 'vitest';
import { alignHelpPage, helpParagraphs } from './libreoffice-help';

/** Shaped like LibreOffice 7.4's help pages (text/shared/optionen/01060300.html), cut down. */
const page = (lang: 'de' | 'en') => `<!DOCTYPE html><html><head><title>x</title></head><body>
<div id="DisplayArea">
<h1 id="hd_id3153311" dir="auto">        ${lang === 'de' ? 'Allgemein' : 'General'}</h1>
<p id="par_id3156410" class="paragraph">${lang === 'de' ? 'Hier legen Sie allgemeine Einstellungen fest.' : 'Defines general settings.'}</p>
<div class="embedded"><p class="embedded">${lang === 'de' ? 'Eingebettet ohne id' : 'Embedded without id'}</p></div>
<p id="par_id3150444" class="paragraph"> <span class="avis">${lang === 'de' ? 'Wählen Sie' : 'Choose'}
<span class="switchinline"><span hidden="true" id="MACtextshared_59" class="MAC"><span class="emph">LibreOffice - ${lang === 'de' ? 'Einstellungen' : 'Preferences'}</span></span><span hidden="true" id="defaulttextshared_59"><span class="emph">${lang === 'de' ? 'Extras - Optionen' : 'Tools - Options'}</span></span></span>.<br>&lt;OK&gt; &amp; ${lang === 'de' ? 'fertig' : 'done'}</span></p>
<div class="bascode"><p id="bas_id1" class="code">Sub Main</p></div>
<pre id="pre_1">MsgBox</pre>
<p id="par_id3150444" class="paragraph">${lang === 'de' ? 'Wiederholt' : 'Repeated'}</p>
${lang === 'de' ? '<p id="par_only_de">Nur deutsch</p>' : ''}
<p id="par_empty"> </p>
</div></body></html>`;

describe('helpParagraphs', () => {
  it('keeps id-carrying paragraphs and headings, the default variant of a switch, and decodes entities', () => {
    expect(helpParagraphs(page('en'))).toEqual([
      { key: 'hd_id3153311', text: 'General' },
      { key: 'par_id3156410', text: 'Defines general settings.' },
      { key: 'par_id3150444', text: 'Choose Tools - Options. <OK> & done' },
      { key: 'par_id3150444#2', text: 'Repeated' },
    ]);
  });

  it('aligns two languages by key and skips keys one side lacks', () => {
    expect(alignHelpPage(helpParagraphs(page('de')), helpParagraphs(page('en')))).toEqual([
      { de: 'Allgemein', en: 'General' },
      { de: 'Hier legen Sie allgemeine Einstellungen fest.', en: 'Defines general settings.' },
      { de: 'Wählen Sie Extras - Optionen. <OK> & fertig', en: 'Choose Tools - Options. <OK> & done' },
      { de: 'Wiederholt', en: 'Repeated' },
    ]);
  });
});
