/** The `de<TAB>en` line format of the corpus files. Pure. */
import type { Pair } from './pairs';

/** One line per pair, each ending in a newline. normalizeText guarantees neither side holds a tab or a newline. */
export function formatTsv(pairs: readonly Pair[]): string {
  return pairs.map(({ de, en }) => `${de}\t${en}\n`).join('');
}

export function parseTsv(text: string): Pair[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      const fields = line.split('\t');
      const [de, en] = fields;
      if (fields.length !== 2 || de === undefined || en === undefined) {
        throw new Error(`line ${i + 1}: expected "de<TAB>en", got ${fields.length} fields`);
      }
      return { de, en };
    });
}
