import { describe, expect, it } from 'vitest';
import { smallestConfig } from '../../src/core/config';
import { parseConfigText } from '../../src/core/config-io';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import { accuracyModelFromAssets } from '../../src/supertransformer/validation-service';
import { readFileSync } from 'node:fs';

const published = parseConfigText(
  readFileSync(
    new URL('../fixtures/hat-configs/wmt14.en-de/HAT_wmt14ende_raspberrypi@3.5s_bleu@25.8.yml', import.meta.url),
    'utf8',
  ),
);

describe('cpu and wasm backends', () => {
  it('give the same validation loss within 1e-4 with the shipped model', async () => {
    if (!published.ok) throw new Error('fixture did not parse');
    const configs = [smallestConfig(builtinSpace('hat-wmt')!), published.value];
    const assets = await readShippedAssets(DEFAULT_MODEL_DIR);
    const losses: Record<string, number[]> = {};
    for (const backend of ['cpu', 'wasm'] as const) {
      await selectNodeBackend(backend);
      // 12 pairs keep the plain-JavaScript backend to a few seconds.
      const { model } = accuracyModelFromAssets(assets, 12);
      try {
        losses[backend] = [];
        for (const config of configs) losses[backend].push((await model.validate(config)).validLoss);
      } finally {
        model.dispose();
      }
    }
    losses.cpu!.forEach((loss, i) => {
      expect(Number.isFinite(loss)).toBe(true);
      expect(Math.abs(loss - losses.wasm![i]!)).toBeLessThan(1e-4);
    });
    // Two different SubTransformers: agreement is not a constant.
    expect(Math.abs(losses.cpu![0]! - losses.cpu![1]!)).toBeGreaterThan(1e-3);
  }, 180_000);
});
