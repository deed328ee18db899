/** Per-pair quality filters applied after annotation stripping. Pure. */
import { LENGTH_RATIO_SLACK_CHARS, MAX_LENGTH_RATIO, MAX_SIDE_CHARS } from './config';
import type { Pair } from './pairs';

export type DropReason = 'empty' | 'leftover-annotation' | 'fragment' | 'control-char' | 'too-long' | 'length-ratio';

/** Characters that only survive stripping when an annotation was unbalanced or the line malformed. */
const LEFTOVER_ANNOTATION = /[{}[\]<>()~|]|::/;

/**
 * Word fragments such as `Gesundheits…`, `…verbesserer`, `Chrom-…`: Ding lists them as compound parts; they are
 * not text a translator will ever see. A free-standing `…` (`Ich behaupte, dass …`) is kept.
 */
const FRAGMENT = /[\p{L}\p{N}-]…|…[\p{L}\p{N}-]/u;

const CONTROL_CHAR = /\p{Cc}/u;

export function dropReason(pair: Pair): DropReason | null {
  const { de, en } = pair;
  if (de === '' || en === '') return 'empty';
  const both = `${de}\n${en}`;
  if (LEFTOVER_ANNOTATION.test(both)) return 'leftover-annotation';
  if (FRAGMENT.test(both)) return 'fragment';
  if (CONTROL_CHAR.test(de) || CONTROL_CHAR.test(en)) return 'control-char';
  if (de.length > MAX_SIDE_CHARS || en.length > MAX_SIDE_CHARS) return 'too-long';
  const longer = Math.max(de.length, en.length) + LENGTH_RATIO_SLACK_CHARS;
  const shorter = Math.min(de.length, en.length) + LENGTH_RATIO_SLACK_CHARS;
  if (longer / shorter > MAX_LENGTH_RATIO) return 'length-ratio';
  return null;
}
