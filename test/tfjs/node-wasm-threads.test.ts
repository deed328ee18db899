import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeWasmThreads, selectNodeBackend, stopNodeWasmThreads } from '../../src/tfjs/node-backend';

afterAll(() => stopNodeWasmThreads());

describe("tf.js's threaded WASM build in Node", () => {
  it('starts with the threads asked for (tf.js itself switches threads off in Node) and computes correctly', async () => {
    await selectNodeBackend('wasm', { threads: 2 });
    expect(tf.getBackend()).toBe('wasm');
    expect(nodeWasmThreads()).toBe(2);
    // Large enough that XNNPACK splits the product over both threads.
    const a: tf.Tensor2D = tf.randomUniform([256, 192], -1, 1, 'float32', 3);
    const b: tf.Tensor2D = tf.randomUniform([192, 160], -1, 1, 'float32', 4);
    const product = (await tf.matMul(a, b).array()) as number[][];
    const [av, bv] = [(await a.array()) as number[][], (await b.array()) as number[][]];
    let maxError = 0;
    for (const [i, j] of [
      [0, 0],
      [255, 159],
      [128, 80],
      [17, 151],
    ] as const) {
      const expected = av[i]!.reduce((sum, x, k) => sum + x * bv[k]![j]!, 0);
      maxError = Math.max(maxError, Math.abs(product[i]![j]! - expected));
    }
    expect(maxError).toBeLessThan(1e-4);
  });

  it('refuses another thread count once started: tf.js builds its pool once per process', async () => {
    await expect(selectNodeBackend('wasm', { threads: 3 })).rejects.toThrow(/already runs 2 thread/);
  });
});
