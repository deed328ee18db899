import { describe, expect, it } from 'vitest';
import { configKey } from '../../../src/core/config';
import { decodeGene, encodeGene, geneLayout, sampleGene } from '../../../src/core/gene';
import { createRng } from '../../../src/core/rng';
import { decodedGeneKey, ObjectiveError, SearchMemo } from '../../../src/core/search';
import { BUILTIN_SPACES } from '../../../src/core/space';
import { HAND_WMT } from '../hand-configs';
import { countingObjectives, syntheticValidLoss } from './synthetic';

const wmt = BUILTIN_SPACES['hat-wmt']!;
const layout = geneLayout(wmt);

describe('the search memo', () => {
  it('keys a gene exactly as configKey keys its decoded config', () => {
    const rng = createRng(8);
    for (const space of Object.values(BUILTIN_SPACES)) {
      for (let i = 0; i < 300; i++) {
        const gene = sampleGene(space, rng);
        expect(decodedGeneKey(gene, geneLayout(space))).toBe(configKey(decodeGene(gene, space)));
      }
    }
  });

  it('treats genes that differ only in unused slots as one config, validated once', async () => {
    const objectives = countingObjectives();
    const memo = new SearchMemo(wmt, objectives);
    const gene = encodeGene(HAND_WMT, wmt); // one decoder layer: decoder slots 1..5 are unused
    const twin = [...gene];
    twin[layout.decoderFfn + 3] = 3072;
    twin[layout.decoderArbitrary + 5] = 2;
    expect(twin).not.toEqual(gene);
    const points = await memo.evaluate([gene, twin, gene]);
    expect(objectives.lossBatches).toEqual([[configKey(HAND_WMT)]]);
    expect(objectives.latencyBatches).toEqual([[configKey(HAND_WMT)]]);
    expect(points[0]).toBe(points[1]);
    expect(points[0]!.validLoss).toBe(syntheticValidLoss(HAND_WMT));

    await memo.evaluate([twin]);
    expect(objectives.lossBatches).toHaveLength(1);
    expect(memo.counts()).toMatchObject({
      uniqueValidations: 1,
      naiveValidations: 4,
      uniqueLatencyPredictions: 1,
      validLossCalls: 1,
      latencyCalls: 1,
    });
  });

  it('a used slot makes a different config', async () => {
    const objectives = countingObjectives();
    const memo = new SearchMemo(wmt, objectives);
    const gene = encodeGene(HAND_WMT, wmt);
    const other = [...gene];
    other[layout.decoderFfn] = 3072;
    await memo.evaluate([gene, other]);
    expect(objectives.lossBatches[0]).toHaveLength(2);
  });

  it('restores from its JSON state without calling the objectives again', async () => {
    const memo = new SearchMemo(wmt, countingObjectives());
    const gene = encodeGene(HAND_WMT, wmt);
    await memo.evaluate([gene]);
    const objectives = countingObjectives();
    const restored = new SearchMemo(wmt, objectives, JSON.parse(JSON.stringify(memo.toState())));
    expect(await restored.evaluate([gene])).toEqual(await memo.evaluate([gene]));
    expect(objectives.lossBatches).toHaveLength(0);
    expect(objectives.latencyBatches).toHaveLength(0);
    expect(() => new SearchMemo(BUILTIN_SPACES['hat-iwslt']!, objectives, memo.toState())).toThrow(/hat-wmt/);
  });

  it('rejects objectives that return the wrong count or a non-finite value', async () => {
    const gene = encodeGene(HAND_WMT, wmt);
    const short = new SearchMemo(wmt, { latencyMs: async () => [], validLoss: async () => [1] });
    await expect(short.evaluate([gene])).rejects.toThrow(ObjectiveError);
    await expect(short.evaluate([gene])).rejects.toThrow('latencyMs returned 0 values for a batch of 1 configs');
    const nan = new SearchMemo(wmt, { latencyMs: async () => [5], validLoss: async () => [NaN] });
    await expect(nan.evaluate([gene])).rejects.toThrow('validLoss returned NaN for config 0 of the batch');
  });
});
