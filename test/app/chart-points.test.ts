import { describe, expect, it } from 'vitest';
import { configKey } from '../../src/core/config';
import { parseConfigText } from '../../src/core/config-io';
import {
  attendedEncoderLayers,
  capPoints,
  generationColor,
  hatConfigFileName,
  hatDeviceSlug,
  parseHexColor,
  pointsToCsv,
  POINTS_CSV_HEADER,
} from '../../src/app/chart-points';
import { HAND_IWSLT, HAND_WMT } from '../core/hand-configs';

const point = (key: string, generation = 0) => ({ key, generation, config: HAND_WMT, validLoss: 5, latencyMs: 100 });

describe('generation colours', () => {
  it('runs from the first colour at generation 0 to the second at the last generation', () => {
    expect(generationColor(0, 5, '#000000', '#ffffff')).toBe('#000000');
    expect(generationColor(4, 5, '#000000', '#ffffff')).toBe('#ffffff');
    expect(generationColor(2, 5, '#000000', '#ff8000')).toBe('#804000');
    expect(generationColor(0, 1, '#123', '#abcdef')).toBe('#abcdef'); // a single generation is the newest
  });

  it('refuses a colour it cannot read instead of drawing black', () => {
    expect(parseHexColor(' #0a0B0c ')).toEqual([10, 11, 12]);
    expect(parseHexColor('var(--x)')).toBeNull();
    expect(() => generationColor(0, 3, '', '#fff')).toThrow(RangeError);
  });
});

describe('capPoints', () => {
  it('keeps everything under the cap, in order', () => {
    const points = [point('a'), point('b')];
    expect(capPoints(points, 5, new Set()).map((p) => p.key)).toEqual(['a', 'b']);
  });

  it('thins to the cap but never drops the kept keys', () => {
    const points = Array.from({ length: 100 }, (_, i) => point(`p${i}`));
    const kept = capPoints(points, 10, new Set(['p99', 'p50']));
    expect(kept).toHaveLength(10);
    expect(kept.map((p) => p.key)).toEqual(expect.arrayContaining(['p99', 'p50']));
    // original order is preserved, so later generations still draw on top
    const indices = kept.map((p) => Number(p.key.slice(1)));
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });
});

describe('pointsToCsv', () => {
  it('writes one row per point with front membership and HAT fields, lists space-separated', () => {
    const csv = pointsToCsv(
      [
        { ...point(configKey(HAND_WMT), 2), latencyMs: 123.4567, validLoss: 4.123456 },
        { key: configKey(HAND_IWSLT), config: HAND_IWSLT, generation: 0, latencyMs: 50, validLoss: 6 },
      ],
      new Set([configKey(HAND_WMT)]),
      (c) => ({ params: c.decoder.layerNum * 10, flops: 7 }),
    );
    const [header, first, second, end] = csv.split('\n');
    expect(header).toBe(POINTS_CSV_HEADER.join(','));
    const cells = first!.split(',');
    expect(cells).toHaveLength(POINTS_CSV_HEADER.length);
    expect(cells.slice(1, 7)).toEqual(['2', '1', '123.457', '4.12346', '10', '7']);
    expect(second!.split(',')[2]).toBe('0');
    expect(second!.split(',').at(-1)).toBe('1 2');
    expect(second!.split(',')[POINTS_CSV_HEADER.indexOf('encoder_ffn_embed_dim')]).toBe('2048 1024 512 2048 1024 512');
    expect(end).toBe('');
  });
});

describe('HAT-style file names', () => {
  it('derives the task and device from HAT latency dataset names', () => {
    expect(hatDeviceSlug('wmt14ende_cpu_raspberrypi_all.csv')).toBe('wmt14ende_raspberrypi');
    expect(hatDeviceSlug('wmt19ende_gpu_titanxp_all.csv')).toBe('wmt19ende_titanxp');
    expect(hatDeviceSlug('my device (2).csv')).toBe('mydevice2');
  });

  it('names configs the way HAT does, with the loss in place of BLEU', () => {
    expect(hatConfigFileName('wmt14ende_cpu_raspberrypi_all.csv', 3456, 5.4321, 'yml')).toBe(
      'HAT_wmt14ende_raspberrypi@3.5s_loss@5.43.yml',
    );
    expect(hatConfigFileName('wmt14ende_cpu_xeon_all.csv', 137.94, null, 'json')).toBe(
      'HAT_wmt14ende_xeon@137.9ms.json',
    );
    expect(hatConfigFileName(null, null, null, 'yml')).toBe('HAT_subtransformer.yml');
  });
});

describe('attendedEncoderLayers', () => {
  it('maps HAT codes -1, 1, 2 to the last one, two, three encoder layers', () => {
    const parsed = parseConfigText(
      [
        'encoder-embed-dim-subtransformer: 512',
        'decoder-embed-dim-subtransformer: 512',
        'encoder-ffn-embed-dim-all-subtransformer: [1024, 1024, 1024, 1024, 1024, 1024]',
        'decoder-ffn-embed-dim-all-subtransformer: [1024, 1024, 1024]',
        'encoder-layer-num-subtransformer: 6',
        'decoder-layer-num-subtransformer: 3',
        'encoder-self-attention-heads-all-subtransformer: [4, 4, 4, 4, 4, 4]',
        'decoder-self-attention-heads-all-subtransformer: [4, 4, 4]',
        'decoder-ende-attention-heads-all-subtransformer: [4, 4, 4]',
        'decoder-arbitrary-ende-attn-all-subtransformer: [-1, 1, 2]',
      ].join('\n'),
    );
    if (!parsed.ok) throw new Error('fixture');
    expect(attendedEncoderLayers(parsed.value, 0)).toEqual([5]);
    expect(attendedEncoderLayers(parsed.value, 1)).toEqual([4, 5]);
    expect(attendedEncoderLayers(parsed.value, 2)).toEqual([3, 4, 5]);
  });
});
