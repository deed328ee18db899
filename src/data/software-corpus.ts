/**
 * The shipped corpus: LibreOffice's help (aligned paragraphs) and desktop gettext catalogs, the software domain the
 * model is evaluated on, plus a capped share of the Ding dictionary's example sentences and entries for everyday
 * German. Pure: filter → drop rare characters → deduplicate → split by the German side → order by hash.
 *
 * Valid and test hold software pairs only (the task the card scores); a Ding pair whose German side hashes into
 * valid or test is dropped rather than moved, so no German sentence is ever shared across splits.
 */
import {
  DING_DICTIONARY_PER_MILLE,
  DING_SENTENCE_MIN_WORDS,
  MAX_LENGTH_RATIO,
  LENGTH_RATIO_SLACK_CHARS,
  MIN_CHAR_COUNT,
  SOFTWARE_MAX_SIDE_CHARS,
} from './config';
import { withoutRareChars } from './corpus';
import { hash53 } from './hash';
import type { Pair } from './pairs';
import { pairKey, sortByHash, splitOf, SPLIT_NAMES, type SplitName } from './split';

export type SourceName = 'help' | 'catalogs' | 'ding-sentences' | 'ding-dictionary';
export const SOURCE_NAMES: readonly SourceName[] = ['help', 'catalogs', 'ding-sentences', 'ding-dictionary'];

export type SentenceDropReason = 'no-letters' | 'identical' | 'control-char' | 'too-long' | 'length-ratio';

export interface SourceStats {
  candidates: number;
  dropped: Partial<Record<SentenceDropReason | 'rare-char' | 'duplicate' | 'held-out' | 'not-sampled', number>>;
  pairs: Record<SplitName, number>;
}

export interface MixedCorpus {
  splits: Record<SplitName, Pair[]>;
  stats: Record<SourceName, SourceStats>;
}

const DING_SAMPLE_SEED = 0xd1c7;
const CONTROL_CHAR = /\p{Cc}/u;

export function wordCount(text: string): number {
  return text === '' ? 0 : text.split(' ').length;
}

/** Why a (normalised) software pair is not kept, or null. */
export function sentenceDropReason({ de, en }: Pair): SentenceDropReason | null {
  if (!/\p{L}/u.test(de) || !/\p{L}/u.test(en)) return 'no-letters';
  if (de === en) return 'identical';
  if (CONTROL_CHAR.test(de) || CONTROL_CHAR.test(en)) return 'control-char';
  if (de.length > SOFTWARE_MAX_SIDE_CHARS || en.length > SOFTWARE_MAX_SIDE_CHARS) return 'too-long';
  const longer = Math.max(de.length, en.length) + LENGTH_RATIO_SLACK_CHARS;
  const shorter = Math.min(de.length, en.length) + LENGTH_RATIO_SLACK_CHARS;
  return longer / shorter > MAX_LENGTH_RATIO ? 'length-ratio' : null;
}

/** A Ding example sentence: both sides at least DING_SENTENCE_MIN_WORDS words, the German ending as a sentence. */
export function isDingSentence({ de, en }: Pair): boolean {
  return wordCount(de) >= DING_SENTENCE_MIN_WORDS && wordCount(en) >= DING_SENTENCE_MIN_WORDS && /[.!?]$/.test(de);
}

function emptyStats(candidates: number): SourceStats {
  return { candidates, dropped: {}, pairs: { train: 0, valid: 0, test: 0 } };
}

function count(stats: SourceStats, reason: keyof SourceStats['dropped']): void {
  stats.dropped[reason] = (stats.dropped[reason] ?? 0) + 1;
}

/**
 * help and catalogs: normalised candidate pairs of the software domain; ding: the Ding corpus's filtered pairs
 * (src/data/corpus.ts), from which the sentences are all kept and the other entries sampled by hash.
 */
export function mixCorpus(help: readonly Pair[], catalogs: readonly Pair[], ding: readonly Pair[]): MixedCorpus {
  const dingSentences = ding.filter(isDingSentence);
  const dingOther = ding.filter((pair) => !isDingSentence(pair));
  const bySource: Record<SourceName, readonly Pair[]> = {
    help,
    catalogs,
    'ding-sentences': dingSentences,
    'ding-dictionary': dingOther,
  };
  const stats = Object.fromEntries(SOURCE_NAMES.map((name) => [name, emptyStats(bySource[name].length)])) as Record<
    SourceName,
    SourceStats
  >;
  const kept: Array<{ pair: Pair; source: SourceName }> = [];
  for (const source of SOURCE_NAMES) {
    for (const pair of bySource[source]) {
      if (source === 'ding-dictionary' && hash53(pairKey(pair), DING_SAMPLE_SEED) % 1000 >= DING_DICTIONARY_PER_MILLE) {
        count(stats[source], 'not-sampled');
        continue;
      }
      const reason = source === 'help' || source === 'catalogs' ? sentenceDropReason(pair) : null;
      if (reason !== null) count(stats[source], reason);
      else kept.push({ pair, source });
    }
  }
  const common = new Set(
    withoutRareChars(
      kept.map(({ pair }) => pair),
      MIN_CHAR_COUNT,
    ),
  );
  const seen = new Set<string>();
  const splits: Record<SplitName, Pair[]> = { train: [], valid: [], test: [] };
  for (const { pair, source } of kept) {
    if (!common.has(pair)) {
      count(stats[source], 'rare-char');
      continue;
    }
    const key = pairKey(pair);
    if (seen.has(key)) {
      count(stats[source], 'duplicate');
      continue;
    }
    seen.add(key);
    const split = splitOf(pair.de);
    if (split !== 'train' && source.startsWith('ding')) {
      count(stats[source], 'held-out');
      continue;
    }
    splits[split].push(pair);
    stats[source].pairs[split]++;
  }
  for (const name of SPLIT_NAMES) splits[name] = sortByHash(splits[name]);
  return { splits, stats };
}
