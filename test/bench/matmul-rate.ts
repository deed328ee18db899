import * as tf from '@tensorflow/tfjs';
import { time } from './harness';

/** The dense matmul rate of tf.js's current backend on [size, size] products, GFLOP/s (Node or a browser worker). */
export async function matmulGflops(size: number): Promise<number> {
  const a = tf.randomNormal([size, size]);
  const b = tf.randomNormal([size, size]);
  // Several products per timed run and one scalar read at the end: reading back a fresh 1 MB result was seen to
  // cost more than the product itself on some machines, which is not matmul work and not what a model pays per
  // product (a model reads back one loss per batch).
  const productsPerRun = 8;
  const timing = await time(
    `matmul ${size}`,
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
