import { performance } from 'node:perf_hooks';
import { largestConfig, smallestConfig } from '../../src/core/config';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import { parseTsv } from '../../src/data/tsv';
import { validationBatches } from '../../src/supertransformer/accuracy-model';
import { scaleConfig } from '../../src/supertransformer/dims';
import { validationFlops } from '../../src/supertransformer/validation-flops';
import { accuracyModelFromAssets } from '../../src/supertransformer/validation-service';
import { printTable, time } from './harness';
import { measureMatmulGflops } from './matmul.bench';

/** Validation throughput of HAT-WMT's largest and smallest SubTransformers with the shipped model on WASM in Node. */
export async function benchValidation(): Promise<void> {
  const matmulGflops = await measureMatmulGflops('wasm', 512);
  await selectNodeBackend('wasm');
  const assets = await readShippedAssets(DEFAULT_MODEL_DIR);
  const { model, validPairs } = accuracyModelFromAssets(assets);
  const { meta, tokenizer } = model;
  // The same batches AccuracyModel builds (same tokenizer, pairs and token budget).
  const batches = validationBatches(
    meta,
    parseTsv(assets.validTsv).map(({ de, en }) => ({ source: tokenizer.encode(de), target: tokenizer.encode(en) })),
  );
  const padded = batches.reduce((s, b) => s + b.size * b.targetLength, 0);
  const wmt = builtinSpace('hat-wmt')!;
  const rows: Record<string, string>[] = [];
  let largestColdMs = 0;
  let largestWarmMs = 0;
  try {
    for (const [name, config] of [
      ['largest', largestConfig(wmt)],
      ['smallest', smallestConfig(wmt)],
    ] as const) {
      const t0 = performance.now();
      await model.validate(config);
      const coldMs = performance.now() - t0;
      const timing = await time(name, () => model.validate(config), 4000, 3);
      const flops = validationFlops(
        scaleConfig(config, meta.widthScale),
        batches,
        meta.dims.qkvDim,
        meta.dims.vocabSize,
      );
      const modelGflops = flops / (timing.medianMs / 1000) / 1e9;
      if (name === 'largest') {
        largestColdMs = coldMs;
        largestWarmMs = timing.medianMs;
      }
      rows.push({
        'SubTransformer (hat-wmt)': name,
        'one validation (ms)': timing.medianMs.toFixed(0),
        'target tokens/s': (model.validTokens / (timing.medianMs / 1000)).toFixed(0),
        'forward GFLOP': (flops / 1e9).toFixed(2),
        'model GFLOP/s': modelGflops.toFixed(2),
        'matmul GFLOP/s': matmulGflops.toFixed(2),
        'model / matmul': (modelGflops / matmulGflops).toFixed(2),
      });
    }
  } finally {
    model.dispose();
  }
  printTable(
    `SuperTransformer validation on WASM in Node (width scale ${meta.widthScale}, ${validPairs} pairs, ` +
      `${model.validTokens} target tokens, ${batches.length} batches, ${((1 - model.validTokens / padded) * 100).toFixed(0)} % target padding)`,
    rows,
  );
  console.log(
    `\nOne validation of the largest SubTransformer on the shipped valid-search set: ${largestWarmMs.toFixed(0)} ms ` +
      `(first call ${largestColdMs.toFixed(0)} ms; issue 3 aims at about 500 ms on WASM on a 2-core machine).`,
  );
}
