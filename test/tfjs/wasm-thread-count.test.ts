import { describe, expect, it } from 'vitest';
import { availableThreads, MAX_WASM_THREADS, threadsUnavailableReason } from '../../src/tfjs/wasm-thread-count';

describe('WASM thread counts', () => {
  it('names why a page cannot run threads: no SharedArrayBuffer, or no cross-origin isolation', () => {
    expect(threadsUnavailableReason({ SharedArrayBuffer, crossOriginIsolated: true })).toBeNull();
    expect(threadsUnavailableReason({ crossOriginIsolated: true })).toMatch(/SharedArrayBuffer is missing/);
    expect(threadsUnavailableReason({ SharedArrayBuffer, crossOriginIsolated: false })).toMatch(
      /not cross-origin isolated/,
    );
  });

  it('offers every logical core, up to tf.js’s pool of 8', () => {
    expect(availableThreads(2)).toBe(2);
    expect(availableThreads(32)).toBe(MAX_WASM_THREADS);
    expect(availableThreads(undefined)).toBe(1);
    expect(availableThreads(0)).toBe(1);
  });
});
