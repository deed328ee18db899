import { describe, expect, it } from 'vitest';
import { MAX_VALIDATION_WORKERS, validationLayout, workersBesideMeasurement } from '../../src/app/validation-layout';

describe('validation layout', () => {
  it('runs one single-threaded worker per thread, then more threads per worker past the worker cap', () => {
    expect(validationLayout(1)).toEqual({ workers: 1, threadsPerWorker: 1 });
    expect(validationLayout(2)).toEqual({ workers: 2, threadsPerWorker: 1 });
    expect(validationLayout(MAX_VALIDATION_WORKERS)).toEqual({ workers: MAX_VALIDATION_WORKERS, threadsPerWorker: 1 });
    expect(validationLayout(16)).toEqual({
      workers: MAX_VALIDATION_WORKERS,
      threadsPerWorker: 16 / MAX_VALIDATION_WORKERS,
    });
    expect(validationLayout(0)).toEqual({ workers: 1, threadsPerWorker: 1 });
  });

  it('leaves device measurement its threads: validation keeps only workers on the other cores, or waits', () => {
    const two = validationLayout(2);
    expect(workersBesideMeasurement(two, 2, 0)).toBe(2);
    expect(workersBesideMeasurement(two, 2, 1)).toBe(1);
    expect(workersBesideMeasurement(two, 2, 2)).toBe(0);
    const sixteen = validationLayout(16);
    expect(workersBesideMeasurement(sixteen, 16, 1)).toBe(3);
    expect(workersBesideMeasurement(sixteen, 16, 8)).toBe(2);
    expect(workersBesideMeasurement(validationLayout(1), 1, 1)).toBe(0);
  });
});
