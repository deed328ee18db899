import { describe, expect, it } from 'vitest';
import { formatMagnitude } from '../../src/app/format';

describe('formatMagnitude', () => {
  it('shows a count at its scale, so a tiny model is not "0.00 G"', () => {
    expect(formatMagnitude(2.7e9)).toBe('2.70 G');
    expect(formatMagnitude(3_240_000)).toBe('3.24 M');
    expect(formatMagnitude(48_200)).toBe('48.2 k');
  });
});
