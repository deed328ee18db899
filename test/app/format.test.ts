import { describe, expect, it } from 'vitest';
import { formatTooltipMs } from '../../src/app/format';

describe('tooltip latencies', () => {
  it('are ms with one decimal, whatever their size', () => {
    expect(formatTooltipMs(1877.333333333)).toBe('1877.3 ms');
    expect(formatTooltipMs(12.06)).toBe('12.1 ms');
    expect(formatTooltipMs(0)).toBe('0.0 ms');
  });

  it('show a dash for anything that is not a finite number', () => {
    expect(formatTooltipMs('1877.33')).toBe('–');
    expect(formatTooltipMs(Number.NaN)).toBe('–');
    expect(formatTooltipMs(undefined)).toBe('–');
  });
});
