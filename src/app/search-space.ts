import { builtinSpace, type SearchSpace } from '../core/space';
import type { SearchSettings } from '../protocol/search';

/** HAT's WMT space: what views fall back to when the settings name no space they know. */
export const DEFAULT_SPACE = builtinSpace('hat-wmt')!;

/** The space settings name: an imported checkpoint's own (its definition travels with the settings), or a built-in. */
export const searchSpaceOf = (settings: Pick<SearchSettings, 'space' | 'spaceDefinition'>): SearchSpace | undefined =>
  settings.spaceDefinition ?? builtinSpace(settings.space);
