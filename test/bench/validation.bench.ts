import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { largestConfig, smallestConfig } from '../../src/core/config';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import { accuracyModelFromAssets } from '../../src/supertransformer/validation-service';
import { startNodeValidationPool } from '../../src/cli/validation-threads';
import { printTable, time } from './harness';
import { loadNote } from './machine-load';
import { measureMatmulGflops } from './matmul.bench';

/** Median wall time of one validation of `config` through `validate`, ms. */
async function validationMs(validate: () => Promise<unknown>): Promise<number> {
  return (await time('validation', validate, 4000, 3)).medianMs;
}

/**
 * Validation of HAT-WMT's largest and smallest SubTransformers with the shipped model on WASM in Node: on one thread
 * in this process (rate against the same run's dense matmul rate) and on `threads` worker threads sharing each
 * validation (shares of the set, as the CLI's --threads does), as ratios in one run.
 */
export async function benchValidation(threads = Math.max(2, Math.min(availableParallelism(), 4))): Promise<void> {
  const matmulGflops = await measureMatmulGflops('wasm', 512);
  await selectNodeBackend('wasm');
  const assets = await readShippedAssets(DEFAULT_MODEL_DIR);
  const { model, validPairs } = accuracyModelFromAssets(assets);
  const { meta } = model;
  const wmt = builtinSpace('hat-wmt')!;
  const configs = [
    ['largest', largestConfig(wmt)],
    ['smallest', smallestConfig(wmt)],
  ] as const;
  const single: Record<string, number> = {};
  let largestColdMs = 0;
  try {
    for (const [name, config] of configs) {
      const t0 = performance.now();
      await model.validate(config);
      if (name === 'largest') largestColdMs = performance.now() - t0;
      single[name] = await validationMs(() => model.validate(config));
    }
  } finally {
    model.dispose();
  }
  const { pool, close } = startNodeValidationPool(threads);
  const pooled: Record<string, number> = {};
  try {
    await pool.load({ backend: 'wasm', baseUrl: DEFAULT_MODEL_DIR });
    for (const [name, config] of configs) pooled[name] = await validationMs(() => pool.validateBatch(1, [config]));
  } finally {
    await close();
  }
  const rows = configs.map(([name, config]) => {
    const flops = model.validationFlops(config);
    const modelGflops = flops / (single[name]! / 1000) / 1e9;
    return {
      'SubTransformer (hat-wmt)': name,
      'one validation, 1 thread (ms)': single[name]!.toFixed(0),
      'target tokens/s': (model.validTokens / (single[name]! / 1000)).toFixed(0),
      'forward GFLOP': (flops / 1e9).toFixed(2),
      'model GFLOP/s': modelGflops.toFixed(2),
      'matmul GFLOP/s': matmulGflops.toFixed(2),
      'model / matmul': (modelGflops / matmulGflops).toFixed(2),
      [`${threads} threads (ms)`]: pooled[name]!.toFixed(0),
      [`${threads} threads vs 1`]: `${(single[name]! / pooled[name]!).toFixed(2)}x`,
    };
  });
  const padding = 1 - model.validTokens / model.paddedTargetPositions;
  printTable(
    `SuperTransformer validation on WASM in Node (width scale ${meta.widthScale}, ${validPairs} pairs, ` +
      `${model.validTokens} target tokens, ${model.batchShapes.length} batches, ${(padding * 100).toFixed(1)} % of ` +
      `target positions padding; ${threads} threads = ${threads} worker threads sharing each validation; ` +
      `${loadNote()})`,
    rows,
  );
  console.log(
    `\nOne validation of the largest SubTransformer on the shipped valid-search set: ${single['largest']!.toFixed(0)} ms ` +
      `on one thread (first call ${largestColdMs.toFixed(0)} ms), ${pooled['largest']!.toFixed(0)} ms on ${threads}.`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchValidation();
