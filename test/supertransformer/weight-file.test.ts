import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights } from '../../src/supertransformer/weight-file';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from '../../src/supertransformer/float16';
import { learningRateAt, learningRateOfCycles } from '../../src/supertransformer/training/schedule';

describe('float16', () => {
  it('encodes the IEEE 754 half-precision bit patterns', () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff); // largest finite half
    expect(toFloat16Bits(1e6)).toBe(0x7c00); // overflow → +Infinity
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(2 ** -26)).toBe(0x0000); // underflow → 0
    expect(toFloat16Bits(Infinity)).toBe(0x7c00);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to the even mantissa, 1.
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): rounds up.
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('round-trips every finite half exactly', () => {
    for (let bits = 0; bits < 0x7c00; bits += 7) {
      expect(toFloat16Bits(fromFloat16Bits(bits))).toBe(bits);
      expect(toFloat16Bits(fromFloat16Bits(bits | 0x8000))).toBe(bits | 0x8000);
    }
  });

  it('keeps typical weights within half precision (relative error ≤ 2^-11)', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.3 + 1e-3);
    const back = decodeFloat16(encodeFloat16(values));
    values.forEach((v, i) =>
      expect(Math.abs((back[i] as number) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 1e-7),
    );
  });
});

describe('weight files', () => {
  const arrays = [
    { name: 'a', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6.5]) },
    { name: 'b', shape: [3], values: Float32Array.from([-1, 0.25, 1e-3]) },
  ];

  it('round-trips float32 exactly and float16 within half precision, with the caller meta', () => {
    for (const dtype of ['float32', 'float16'] as const) {
      const { header, blob } = encodeWeights({ step: 7 }, arrays, dtype);
      const decoded = decodeWeights<{ step: number }>(JSON.parse(JSON.stringify(header)), blob);
      expect(decoded.meta.step).toBe(7);
      expect(decoded.arrays.get('a')!.shape).toEqual([2, 3]);
      const b = decoded.arrays.get('b')!.values;
      if (dtype === 'float32') expect(Array.from(b)).toEqual(Array.from(arrays[1]!.values));
      else b.forEach((v, i) => expect(v).toBeCloseTo(arrays[1]!.values[i] as number, 3));
    }
  });

  it('names the problem in a malformed file', () => {
    const { header, blob } = encodeWeights({}, arrays, 'float16');
    expect(() => decodeWeights({ ...header, format: 'other' }, blob)).toThrow(/not a hat-explorer-weights file/);
    expect(() => decodeWeights({ ...header, version: 99 }, blob)).toThrow(/unsupported weights version 99/);
    expect(() => decodeWeights(header, blob.slice(0, 14))).toThrow(/too short for b \(needs 18 bytes, has 14\)/);
    expect(() => encodeWeights({}, [{ name: 'x', shape: [2, 2], values: new Float32Array(3) }], 'float32')).toThrow(
      /x: shape \[2,2\] holds 4 values, got 3/,
    );
  });
});

describe('learning-rate schedule', () => {
  it('warms up linearly, peaks, then decays along a cosine to the floor', () => {
    expect(learningRateAt(0, 1000, 100, 1e-3)).toBeCloseTo(1e-5, 12);
    expect(learningRateAt(99, 1000, 100, 1e-3)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(100, 1000, 100, 1e-3)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(550, 1000, 100, 1e-3)).toBeCloseTo((1e-3 + 1e-5) / 2, 12);
    expect(learningRateAt(1000, 1000, 100, 1e-3)).toBeCloseTo(1e-5, 12);
  });

  it('restarts: a later cycle cuts the earlier one short and re-warms from its own first step', () => {
    const cycles = [
      { fromStep: 0, endStep: 1000, warmupSteps: 100, peak: 1e-3 },
      { fromStep: 600, endStep: 2600, warmupSteps: 50, peak: 2e-3 },
    ];
    expect(learningRateOfCycles(550, cycles)).toBeCloseTo(learningRateAt(550, 1000, 100, 1e-3), 12);
    expect(learningRateOfCycles(600, cycles)).toBeCloseTo(2e-3 / 50, 12);
    expect(learningRateOfCycles(649, cycles)).toBeCloseTo(2e-3, 12);
    expect(learningRateOfCycles(2600, cycles)).toBeCloseTo(2e-5, 12);
  });
});
