import { selectNodeBackend } from '../../src/tfjs/node-backend';
import { printTable } from './harness';
import { matmulGflops } from './matmul-rate';

/**
 * Dense matrix-multiply rate: the ceiling a model's useful FLOP rate is compared against
 * (issue 3 asks for a model/matmul ratio of at least 0.5).
 */
export async function measureMatmulGflops(backend: 'wasm' | 'cpu', size: number): Promise<number> {
  await selectNodeBackend(backend);
  return matmulGflops(size);
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
