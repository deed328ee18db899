import { describe, expect, it } from 'vitest';
import { configKey, largestConfig, validateConfig } from '../../src/core/config';
import { decodeGene, encodeGene, geneChoices, geneLayout, sampleConfig, sampleGene } from '../../src/core/gene';
import { createRng } from '../../src/core/rng';
import { BUILTIN_SPACES } from '../../src/core/space';

const wmt = BUILTIN_SPACES['hat-wmt']!;

describe('gene layout', () => {
  it('follows HAT’s order and length (2 + 2E + 2 + 4D)', () => {
    const layout = geneLayout(wmt);
    expect(layout.length).toBe(40);
    expect(layout).toMatchObject({
      encoderEmbed: 0,
      encoderLayerNum: 1,
      encoderFfn: 2,
      encoderHeads: 8,
      decoderEmbed: 14,
      decoderLayerNum: 15,
      decoderFfn: 16,
      decoderSelfHeads: 22,
      decoderCrossHeads: 28,
      decoderArbitrary: 34,
    });
    expect(geneChoices(wmt)).toHaveLength(40);
    expect(geneChoices(wmt)[34]).toEqual([-1, 1, 2]);
  });

  it('decodes a hand-written gene to the config it spells', () => {
    const gene = [
      640, 6, 3072, 2048, 1024, 3072, 2048, 1024, 8, 4, 8, 4, 8, 4, 512, 2, 1024, 2048, 3072, 3072, 3072, 3072, 4, 8, 8,
      8, 8, 8, 8, 4, 4, 4, 4, 4, 2, -1, 1, 1, 1, 1,
    ];
    expect(decodeGene(gene, wmt)).toEqual({
      encoder: {
        embedDim: 640,
        layerNum: 6,
        ffnEmbedDims: [3072, 2048, 1024, 3072, 2048, 1024],
        selfAttentionHeads: [8, 4, 8, 4, 8, 4],
      },
      decoder: {
        embedDim: 512,
        layerNum: 2,
        ffnEmbedDims: [1024, 2048],
        selfAttentionHeads: [4, 8],
        endeAttentionHeads: [8, 4],
        arbitraryEndeAttn: [2, -1],
      },
    });
  });

  it('round-trips config -> gene -> config', () => {
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) {
      const config = sampleConfig(wmt, rng);
      expect(decodeGene(encodeGene(config, wmt), wmt)).toEqual(config);
    }
    expect(decodeGene(encodeGene(largestConfig(wmt), wmt), wmt)).toEqual(largestConfig(wmt));
  });

  it('refuses a gene of the wrong length', () => {
    expect(() => decodeGene([640, 6], wmt)).toThrow(/has 40 positions, got 2/);
  });
});

describe('sampling', () => {
  it('is reproducible from a seed', () => {
    const a = createRng(11);
    const b = createRng(11);
    const genesA = Array.from({ length: 20 }, () => sampleGene(wmt, a));
    expect(Array.from({ length: 20 }, () => sampleGene(wmt, b))).toEqual(genesA);
  });

  it('is pinned to golden values so a seed means the same search everywhere', () => {
    expect(configKey(sampleConfig(wmt, createRng(2020)))).toMatchInlineSnapshot(
      `"512|6|3072.2048.3072.2048.3072.1024|8.8.8.4.4.4|512|6|2048.2048.1024.1024.2048.3072|4.4.8.8.4.4|8.8.4.8.4.8|1.1.2.2.1.-1"`,
    );
  });

  it('only draws valid configs, covering every choice of every position', () => {
    for (const space of Object.values(BUILTIN_SPACES)) {
      const rng = createRng(5);
      const seen = geneChoices(space).map(() => new Set<number>());
      for (let i = 0; i < 500; i++) {
        const gene = sampleGene(space, rng);
        gene.forEach((value, position) => seen[position]!.add(value));
        expect(validateConfig(decodeGene(gene, space), space)).toEqual([]);
      }
      geneChoices(space).forEach((choices, position) => expect(seen[position]!.size).toBe(choices.length));
    }
  });

  it('draws each choice about equally often (uniform per position)', () => {
    const rng = createRng(8);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const layers = sampleGene(wmt, rng)[15]!;
      counts.set(layers, (counts.get(layers) ?? 0) + 1);
    }
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
