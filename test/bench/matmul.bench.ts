import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { printTable, time } from './harness';

const require = createRequire(import.meta.url);

/** tf.js's WASM backend in Node loads its binaries from the package folder. */
async function selectBackend(name: 'wasm' | 'cpu'): Promise<void> {
  if (name === 'wasm') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.js backend ${name} did not initialise`);
  await tf.ready();
}

/**
 * Dense matrix-multiply rate: the ceiling a model's useful FLOP rate is compared against
 * (issue 3 asks for a model/matmul ratio of at least 0.5).
 */
export async function measureMatmulGflops(backend: 'wasm' | 'cpu', size: number): Promise<number> {
  await selectBackend(backend);
  const a = tf.randomNormal([size, size]);
  const b = tf.randomNormal([size, size]);
  // Several products per timed run and one scalar read at the end: reading back a fresh 1 MB result was seen to
  // cost more than the product itself on some machines, which is not matmul work and not what a model pays per
  // product (a model reads back one loss per batch).
  const productsPerRun = 8;
  const timing = await time(
    `${backend} ${size}`,
    async () => {
      const sum = tf.tidy(() => {
        let total: tf.Scalar = tf.scalar(0);
        for (let i = 0; i < productsPerRun; i++) total = tf.add(total, tf.matMul(a, b).slice([0, 0], [1, 1]).sum());
        return total;
      });
      await sum.data();
      sum.dispose();
    },
    1000,
    3,
  );
  a.dispose();
  b.dispose();
  return (productsPerRun * 2 * size ** 3) / (timing.medianMs / 1000) / 1e9;
}

export async function benchMatmul(): Promise<void> {
  const rows: Record<string, string>[] = [];
  for (const [backend, size] of [
    ['wasm', 256],
    ['wasm', 512],
    ['cpu', 256],
  ] as const) {
    rows.push({
      backend,
      'matrix size': `${size}x${size}`,
      'GFLOP/s': (await measureMatmulGflops(backend, size)).toFixed(2),
    });
  }
  printTable('tf.js dense matmul in Node (single thread)', rows);
}
