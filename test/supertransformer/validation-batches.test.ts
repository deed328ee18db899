import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largestConfig, smallestConfig } from '../../src/core/config';
import { builtinSpace } from '../../src/core/space';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import { parseTsv } from '../../src/data/tsv';
import { selectNodeBackend } from '../../src/tfjs/node-backend';
import type { AccuracyModel } from '../../src/supertransformer/accuracy-model';
import { validationBatches } from '../../src/supertransformer/accuracy-model';
import { packBatches, type IdPair, type PackedBatch } from '../../src/supertransformer/batching';
import { scaleConfig } from '../../src/supertransformer/dims';
import { PreparedSet, validationLoss } from '../../src/supertransformer/validate';
import { accuracyModelFromAssets } from '../../src/supertransformer/validation-service';

const wmt = builtinSpace('hat-wmt')!;
let model: AccuracyModel;
let pairs: IdPair[];

beforeAll(async () => {
  await selectNodeBackend('wasm');
  const assets = await readShippedAssets(DEFAULT_MODEL_DIR);
  model = accuracyModelFromAssets(assets).model;
  pairs = parseTsv(assets.validTsv).map(({ de, en }) => ({
    source: model.tokenizer.encode(de),
    target: model.tokenizer.encode(en),
  }));
});
afterAll(() => model?.dispose());

/** Every row of every batch as "source ids | target ids", sorted: the multiset of pairs a grouping scores. */
function rowsOf(batches: readonly PackedBatch[]): string[] {
  const rows: string[] = [];
  for (const b of batches) {
    for (let r = 0; r < b.size; r++) {
      const source = Array.from(b.source.subarray(r * b.sourceLength, (r + 1) * b.sourceLength)).filter((id) => id);
      const target = Array.from(b.targetOut.subarray(r * b.targetLength, (r + 1) * b.targetLength)).filter((id) => id);
      rows.push(`${source.join(' ')} | ${target.join(' ')}`);
    }
  }
  return rows.sort();
}

const paddedTargets = (batches: readonly PackedBatch[]): number =>
  batches.reduce((sum, b) => sum + b.size * b.targetLength, 0);

describe('the validation batches of the shipped search subset', () => {
  it('score the same pairs as fixed-size grouping, with less padding, and the same loss to 1e-6', async () => {
    const planned = validationBatches(model.meta, pairs);
    // The grouping used before: the longer side, 512 padded tokens per batch.
    const greedy = packBatches(pairs, 512, Infinity, 'longer-side');
    expect(rowsOf(planned)).toEqual(rowsOf(greedy));
    expect(paddedTargets(planned)).toBeLessThan(paddedTargets(greedy));
    const [plannedSet, greedySet] = [new PreparedSet(planned), new PreparedSet(greedy)];
    try {
      for (const config of [largestConfig(wmt), smallestConfig(wmt)]) {
        const realised = scaleConfig(config, model.meta.widthScale);
        const a = await validationLoss(model.model, realised, plannedSet);
        const b = await validationLoss(model.model, realised, greedySet);
        expect(a.tokens).toBe(b.tokens);
        expect(Math.abs(a.validLoss - b.validLoss)).toBeLessThan(1e-6);
        // AccuracyModel validates on exactly the planned batches.
        expect(Math.abs((await model.validate(config)).validLoss - a.validLoss)).toBeLessThan(1e-9);
      }
    } finally {
      plannedSet.dispose();
      greedySet.dispose();
    }
  }, 120_000);

  it('split into shares, score every token once and add up to the whole loss', async () => {
    const config = largestConfig(wmt);
    const whole = await model.validate(config);
    const shares = await Promise.all([0, 1, 2].map((index) => model.validate(config, { index, count: 3 })));
    expect(shares.every((share) => share.tokens > 0)).toBe(true);
    expect(shares.reduce((sum, share) => sum + share.tokens, 0)).toBe(whole.tokens);
    const nll = shares.reduce((sum, share) => sum + share.nllSum, 0);
    expect(Math.abs(nll / whole.tokens - whole.validLoss)).toBeLessThan(1e-6);
    await expect(model.validate(config, { index: 3, count: 3 })).rejects.toThrow(/share 3 of 3/);
  }, 120_000);
});
