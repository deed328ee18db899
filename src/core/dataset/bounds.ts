import { FEATURE_NAMES } from '../features';
import { ARBITRARY_ATTN_LAYERS, BUILTIN_SPACES, type SearchSpace } from '../space';

/** What one feature column may hold: an exact set of values, or a closed range for the per-layer averages. */
export type FeatureBound = { kind: 'set'; values: number[] } | { kind: 'range'; min: number; max: number };

const union = (pick: (space: SearchSpace) => number[]): number[] =>
  [...new Set(Object.values(BUILTIN_SPACES).flatMap(pick))].sort((a, b) => a - b);

const range = (values: number[]): FeatureBound => ({
  kind: 'range',
  min: Math.min(...values),
  max: Math.max(...values),
});

/**
 * Bounds of the ten features over every built-in space, derived from the spaces so a new space widens them.
 * Averages can only be checked against the range of their choices: a mean of per-layer choices lies within it.
 */
export const FEATURE_BOUNDS: readonly FeatureBound[] = [
  { kind: 'set', values: union((s) => s.encoderEmbedChoices) },
  { kind: 'set', values: union((s) => s.encoderLayerNumChoices) },
  range(union((s) => s.encoderFfnEmbedDimChoices)),
  range(union((s) => s.encoderSelfAttentionHeadsChoices)),
  { kind: 'set', values: union((s) => s.decoderEmbedChoices) },
  { kind: 'set', values: union((s) => s.decoderLayerNumChoices) },
  range(union((s) => s.decoderFfnEmbedDimChoices)),
  range(union((s) => s.decoderSelfAttentionHeadsChoices)),
  range(union((s) => s.decoderEndeAttentionHeadsChoices)),
  range(union((s) => s.decoderArbitraryEndeAttnChoices.map((code) => ARBITRARY_ATTN_LAYERS.get(code) ?? 0))),
];

/** Null when the value is inside the bound, else the reason. */
export function checkFeature(index: number, value: number): string | null {
  const bound = FEATURE_BOUNDS[index];
  const name = FEATURE_NAMES[index];
  if (!bound || !name) return `unknown feature column ${index + 1}`;
  if (bound.kind === 'set') {
    return bound.values.includes(value)
      ? null
      : `${name} ${value} is outside every known space (allowed: ${bound.values.join(', ')})`;
  }
  // Averages are written with float rounding; allow a hair of slack at the ends.
  const slack = 1e-9 * Math.max(1, Math.abs(bound.max));
  return value >= bound.min - slack && value <= bound.max + slack
    ? null
    : `${name} ${value} is outside every known space (allowed: ${bound.min} to ${bound.max})`;
}
