import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { largestConfig, type SubTransformerConfig } from '../../src/core/config';
import { sampleConfig } from '../../src/core/gene';
import { createRng } from '../../src/core/rng';
import { builtinSpace } from '../../src/core/space';
import { spearman } from '../../src/core/stats-rank';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { DATA_DIR, DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import type { AccuracyModel } from '../../src/supertransformer/accuracy-model';
import { accuracyModelFromAssets } from '../../src/supertransformer/validation-service';
import { printTable } from './harness';

const CONFIGS = 16;
const SUBSET_SIZES = [32, 64, 96, 128];
const REFERENCE = { from: 128, pairs: 1024 };

/**
 * How well a small validation subset ranks SubTransformers, the thing the search needs from it: Spearman
 * correlation between each config's loss on the first N search pairs and its loss on 1024 other valid pairs, for
 * 16 random configs of hat-wmt-latency (seed 1), next to what one validation of the largest config costs.
 */
export async function benchValidSubset(): Promise<void> {
  await selectNodeBackend('wasm');
  const assets = await readShippedAssets(DEFAULT_MODEL_DIR);
  const validLines = readFileSync(join(DATA_DIR, 'valid.de-en.tsv'), 'utf8').split('\n').filter(Boolean);
  const space = builtinSpace('hat-wmt-latency')!;
  const rng = createRng(1);
  const configs: SubTransformerConfig[] = Array.from({ length: CONFIGS }, () => sampleConfig(space, rng));
  const losses = async (model: AccuracyModel): Promise<number[]> => {
    const out: number[] = [];
    for (const config of configs) out.push((await model.validate(config)).validLoss);
    return out;
  };
  const referenceTsv = validLines.slice(REFERENCE.from, REFERENCE.from + REFERENCE.pairs).join('\n');
  const reference = accuracyModelFromAssets({ ...assets, validTsv: referenceTsv }).model;
  const referenceLosses = await losses(reference).finally(() => reference.dispose());
  const rows: Record<string, string>[] = [];
  for (const size of SUBSET_SIZES) {
    // The search subset is a prefix of valid, so every candidate size is read from valid itself.
    const { model } = accuracyModelFromAssets({ ...assets, validTsv: validLines.slice(0, size).join('\n') });
    try {
      const largest = largestConfig(space);
      await model.validate(largest);
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) await model.validate(largest);
      const largestMs = (performance.now() - t0) / 3;
      rows.push({
        'search pairs': String(size),
        'target tokens': String(model.validTokens),
        'largest config, one validation (ms)': largestMs.toFixed(0),
        'Spearman vs 1024 other pairs': spearman(await losses(model), referenceLosses).toFixed(3),
      });
    } finally {
      model.dispose();
    }
  }
  printTable(
    `Validation subset: ranking of ${CONFIGS} random hat-wmt-latency configs against ${REFERENCE.pairs} other valid pairs ` +
      `(loss spread there ${(Math.max(...referenceLosses) - Math.min(...referenceLosses)).toFixed(3)} nats), WASM in Node`,
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchValidSubset();
  process.exit(0);
}
