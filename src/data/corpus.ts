/**
 * The whole text-to-splits pipeline for the Ding dictionary, pure so it can be tested and rerun anywhere:
 * parse → align parts → strip annotations → pick synonyms → filter → drop rare characters → dedupe → split.
 */
import { MIN_CHAR_COUNT, SYNONYM_STRATEGY } from './config';
import { parseDingLine } from './ding';
import { dropReason, type DropReason } from './filter';
import { pairsFromPart, type Pair, type SynonymStrategy } from './pairs';
import { splitPairs, type SplitName } from './split';

export interface CorpusStats {
  lines: number;
  commentLines: number;
  malformedLines: number;
  mismatchedLines: number;
  alignedParts: number;
  candidatePairs: number;
  dropped: Record<DropReason | 'rare-char' | 'duplicate', number>;
  pairs: Record<SplitName, number>;
}

export interface Corpus {
  splits: Record<SplitName, Pair[]>;
  stats: CorpusStats;
}

export interface CorpusOptions {
  strategy: SynonymStrategy;
  minCharCount: number;
}

const DEFAULT_OPTIONS: CorpusOptions = { strategy: SYNONYM_STRATEGY, minCharCount: MIN_CHAR_COUNT };

export function buildCorpus(dingText: string, options: Partial<CorpusOptions> = {}): Corpus {
  const { strategy, minCharCount } = { ...DEFAULT_OPTIONS, ...options };
  const stats: CorpusStats = {
    lines: 0,
    commentLines: 0,
    malformedLines: 0,
    mismatchedLines: 0,
    alignedParts: 0,
    candidatePairs: 0,
    dropped: {
      empty: 0,
      'leftover-annotation': 0,
      fragment: 0,
      'control-char': 0,
      'too-long': 0,
      'length-ratio': 0,
      'rare-char': 0,
      duplicate: 0,
    },
    pairs: { train: 0, valid: 0, test: 0 },
  };
  const kept: Pair[] = [];
  for (const line of dingText.split('\n')) {
    if (line === '') continue;
    stats.lines++;
    const parsed = parseDingLine(line);
    if (parsed.kind === 'comment') stats.commentLines++;
    else if (parsed.kind === 'malformed') stats.malformedLines++;
    else if (parsed.kind === 'mismatch') stats.mismatchedLines++;
    else {
      stats.alignedParts += parsed.parts.length;
      for (const part of parsed.parts) {
        for (const pair of pairsFromPart(part, strategy)) {
          stats.candidatePairs++;
          const reason = dropReason(pair);
          if (reason === null) kept.push(pair);
          else stats.dropped[reason]++;
        }
      }
    }
  }
  const common = withoutRareChars(kept, minCharCount);
  stats.dropped['rare-char'] = kept.length - common.length;
  const { splits, duplicates } = splitPairs(common);
  stats.dropped.duplicate = duplicates;
  stats.pairs = { train: splits.train.length, valid: splits.valid.length, test: splits.test.length };
  return { splits, stats };
}

/**
 * Drops pairs with a character seen fewer than minCount times over all pairs. Such characters (¥, α, Š …) would
 * each cost a vocabulary entry, are too rare to learn, and may be missing from the training split altogether, in
 * which case valid/test text would contain characters the tokenizer cannot spell.
 */
export function withoutRareChars(pairs: readonly Pair[], minCount: number): Pair[] {
  const counts = new Map<string, number>();
  for (const { de, en } of pairs) {
    for (const ch of de) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    for (const ch of en) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const isCommon = (text: string): boolean => {
    for (const ch of text) if ((counts.get(ch) ?? 0) < minCount) return false;
    return true;
  };
  return pairs.filter(({ de, en }) => isCommon(de) && isCommon(en));
}
