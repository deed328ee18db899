/** public/data/LICENSE.md, written by `npm run data` from the pinned sources so it always lists what was used. */
import type { DebSource } from '../../src/data/sources';

export const LICENCE_SUMMARY =
  'GPL-3.0-or-later as a collection (MPL-2.0 LibreOffice help and catalogs; GPL-2.0-or-later, GPL-3.0-or-later and ' +
  'LGPL desktop catalogs; GPL-2.0-or-later Ding dictionary); each translation keeps its package licence. See ' +
  'public/data/LICENSE.md.';

const ROLE_TEXT: Record<DebSource['role'], string> = {
  'help-de': 'LibreOffice help, German pages',
  'help-en': 'LibreOffice help, English pages',
  catalogs: 'German gettext catalogs',
  ding: 'Ding dictionary (German–English)',
};

export function licenceMarkdown(sources: readonly DebSource[]): string {
  const rows = sources.map(
    ({ package: name, version, role, licence }) => `| \`${name}\` | ${version} | ${ROLE_TEXT[role]} | ${licence} |`,
  );
  return `# Licence of the files in this folder

The German→English sentence pairs (\`test.de-en.tsv\`, \`valid.de-en.tsv\`, \`valid-search.de-en.tsv\`, and the
git-ignored \`data/train.de-en.tsv\` that \`npm run data\` rebuilds) and the tokenizer learned from them
(\`tokenizer.json\`, \`manifest.json\`) are derived from the Debian 12 packages below: the LibreOffice help pages in
German and English, aligned paragraph by paragraph; the German translations (gettext \`.mo\` catalogs) of
LibreOffice and of GNOME, KDE and Xfce applications; and the Ding dictionary (© 1995–2023 Frank Richter, TU
Chemnitz, <https://dict.tu-chemnitz.de/>). Exact versions and the \`.deb\` files' sha256 are in \`manifest.json\`.

| package | version | used for | licence |
| --- | --- | --- | --- |
${rows.join('\n')}

Each licence is the one the package's \`/usr/share/doc/<package>/copyright\` gives for its files; the translations in a
catalog are distributed under its package's licence. Every one of these licences lets the text be redistributed in
a work under the **GNU General Public License, version 3 or later** (MPL-2.0 through its secondary-licence clause,
the LGPLs through their conversion clause, GPL-2.0-or-later by its "or later" option, and CC-BY-3.0-or-GPL by its
choice of GPL), so these data files are distributed as a collection under **GPL-3.0-or-later**
(<https://www.gnu.org/licenses/gpl-3.0.html>; on Debian, \`/usr/share/common-licenses/GPL-3\`), while each sentence
keeps its own package's licence and attribution.

The corresponding source is the files of those packages and the program that transforms them,
\`scripts/data/build.ts\` with \`src/data/\` of this repository (\`npm run data\`).

This licence covers only the files in \`public/data/\`. The rest of HAT Explorer is MIT-licensed (see \`LICENSE\` at
the repository root).
`;
}
