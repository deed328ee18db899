import { describe, expect, it } from 'vitest';
import { configFeatures, FEATURE_NAMES } from '../../src/core/features';
import type { SubTransformerConfig } from '../../src/core/config';
import { readHatLatency } from './dataset/hat-latency-files';

const config: SubTransformerConfig = {
  encoder: {
    embedDim: 640,
    layerNum: 6,
    ffnEmbedDims: [3072, 3072, 2048, 1024, 512, 1024],
    selfAttentionHeads: [8, 8, 4, 4, 2, 8],
  },
  decoder: {
    embedDim: 512,
    layerNum: 3,
    ffnEmbedDims: [3072, 1024, 512],
    selfAttentionHeads: [8, 4, 4],
    endeAttentionHeads: [2, 8, 8],
    arbitraryEndeAttn: [-1, 1, 2],
  },
};

describe('configFeatures', () => {
  it('computes HAT’s ten features, averaging the used layers only', () => {
    expect(configFeatures(config)).toEqual([
      640,
      6,
      (3072 + 3072 + 2048 + 1024 + 512 + 1024) / 6,
      (8 + 8 + 4 + 4 + 2 + 8) / 6,
      512,
      3,
      (3072 + 1024 + 512) / 3,
      (8 + 4 + 4) / 3,
      (2 + 8 + 8) / 3,
      (1 + 2 + 3) / 3, // codes -1, 1, 2 attend to 1, 2, 3 encoder layers
    ]);
    expect(FEATURE_NAMES).toHaveLength(10);
  });

  it('ignores entries past the layer count (HAT’s in-memory form)', () => {
    const padded = structuredClone(config);
    padded.decoder.ffnEmbedDims.push(3072, 3072, 3072);
    padded.decoder.arbitraryEndeAttn.push(2, 2, 2);
    expect(configFeatures(padded)).toEqual(configFeatures(config));
  });

  it('reproduces the exact floats HAT wrote in its datasets', () => {
    // Every `_avg` value in HAT's file is sum/count of the used layers; our mean must print identically.
    const lines = readHatLatency('wmt14ende_cpu_xeon_all.csv').trim().split('\n').slice(1);
    expect(lines).toHaveLength(2000);
    for (const line of lines) {
      const cells = line.split(',');
      const encoderLayers = Number(cells[1]);
      const decoderLayers = Number(cells[5]);
      const checks: [string, number][] = [
        [cells[2]!, encoderLayers],
        [cells[3]!, encoderLayers],
        [cells[6]!, decoderLayers],
        [cells[7]!, decoderLayers],
        [cells[8]!, decoderLayers],
        [cells[9]!, decoderLayers],
      ];
      for (const [text, layers] of checks) {
        const sum = Math.round(Number(text) * layers);
        const values = Array<number>(layers).fill(0);
        values[0] = sum; // only the sum matters to a mean
        const rebuilt = configFeatures({
          ...config,
          decoder: {
            ...config.decoder,
            layerNum: layers,
            ffnEmbedDims: values,
            arbitraryEndeAttn: Array(layers).fill(-1),
          },
        })[6];
        expect(String(rebuilt)).toBe(String(Number(text)));
      }
    }
  });
});
