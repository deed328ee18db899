import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigYaml } from '../../src/core/config-io';
import { countFlops, countParams, modelStats } from '../../src/core/model-stats';
import { BUILTIN_SPACES } from '../../src/core/space';
import { HAND_IWSLT, HAND_WMT } from './hand-configs';

describe('countParams, by hand', () => {
  it('HAND_WMT', () => {
    // attention(512): QKV 3·512·512 + bias 3·512 + out 512·512 + 512 = 1,050,624
    // ffn(512, 1024): 512·1024 + 1024 + 1024·512 + 512 = 1,050,112; LayerNorm(512) = 1,024
    // encoder: 6 · (1,050,624 + 1,050,112 + 2·1,024) = 12,616,704
    // decoder: self 1,050,624 + cross 1,050,624 + ffn 1,050,112 + 3·1,024 = 3,154,432
    expect(countParams(HAND_WMT, 512)).toBe(15_771_136);
  });

  it('HAND_IWSLT', () => {
    // encoder attention(640): 3·640·512 + 3·512 + 512·640 + 640 = 1,312,896; 2 LayerNorms = 2,560
    // encoder FFNs: Σ(640·f + f + f·640 + 640) = 1,281·7,168 + 6·640 = 9,186,048
    // encoder: 6 · (1,312,896 + 2,560) + 9,186,048 = 17,078,784
    // decoder self 1,050,624; cross: Q 512·512 + K,V 2·640·512 + bias 1,536 + out 512·512 + 512 = 1,181,696
    // decoder: 2 · (1,050,624 + 1,181,696 + 3,072) + (2,099,712 + 525,312) = 7,095,808
    expect(countParams(HAND_IWSLT, 512)).toBe(24_174_592);
  });
});

describe('countFlops, by hand', () => {
  it('HAND_WMT with 30 tokens', () => {
    const result = countFlops(HAND_WMT, 512, 30);
    // encoder per layer: QKV+out 30·512·512·4 = 31,457,280; FFN 2·30·512·1024 = 31,457,280
    // decoder: self 31,457,280 + cross Q, out 2·7,864,320 + K,V 2·30·512·512 + FFN 31,457,280
    expect(result.linearMacs).toBe(6 * 62_914_560 + 94_371_840);
    // scores and weighted sums, 2·30·30·512 per attention: 6 encoder, 1 self, 1 cross
    expect(result.attentionMacs).toBe(8 * 921_600);
    // embedding scales 2·30·512; query scalings 8·30·512; LayerNorms (12 + 3)·30·512
    expect(result.elementwiseMacs).toBe(30_720 + 122_880 + 230_400);
    expect(result.flops).toBe(959_232_000);
  });

  it('HAND_IWSLT with 23 tokens, cross-attention over 2 and 3 encoder layers', () => {
    const result = countFlops(HAND_IWSLT, 512, 23);
    // encoder: 6 · 23·640·512·4 + 2·23·640·7,168 = 391,905,280
    // decoder layer 1: self 24,117,248 + Q, out 2·6,029,312 + K,V over 46 keys 2·46·640·512 + FFN 2·23·512·2048
    // decoder layer 2: self 24,117,248 + Q, out 2·6,029,312 + K,V over 69 keys 2·69·640·512 + FFN 2·23·512·512
    expect(result.linearMacs).toBe(391_905_280 + 114_556_928 + 93_454_336);
    // 8 self-attentions at 2·23·23·512 = 541,696, cross over 46 keys 1,083,392 and 69 keys 1,625,088
    expect(result.attentionMacs).toBe(8 * 541_696 + 1_083_392 + 1_625_088);
    expect(result.elementwiseMacs).toBe(247_296 + 117_760 + 26_496);
    expect(result.flops).toBe(1_214_700_288);
  });

  it('uses the space’s token count by default and lets it be overridden', () => {
    const wmt = BUILTIN_SPACES['hat-wmt']!;
    expect(modelStats(HAND_WMT, wmt).flops).toBe(959_232_000);
    expect(modelStats(HAND_WMT, wmt, 23).flops).toBe(countFlops(HAND_WMT, 512, 23).flops);
    expect(modelStats(HAND_WMT, wmt, 23).flops).toBeLessThan(959_232_000);
  });
});

interface PublishedModel {
  task: string;
  model: string;
  paramsM: number;
  flopsG: number;
  hasConfig: boolean;
}

const fixtures = new URL('../fixtures/hat-configs/', import.meta.url);
const published = JSON.parse(readFileSync(new URL('published.json', fixtures), 'utf8')) as PublishedModel[];

describe('HAT’s published model sizes and FLOPs', () => {
  const withConfigs = published.filter((m) => m.hasConfig);

  it('has fixtures to check against', () => {
    expect(withConfigs.length).toBeGreaterThanOrEqual(9);
  });

  it.each(withConfigs.map((m) => [m.model, m] as const))('%s', (_name, model) => {
    const path = new URL(`${model.task}/${model.model}.yml`, fixtures);
    expect(existsSync(path)).toBe(true);
    const parsed = parseConfigYaml(readFileSync(path, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const space = BUILTIN_SPACES[model.task.startsWith('iwslt') ? 'hat-iwslt' : 'hat-wmt']!;
    const stats = modelStats(parsed.value, space);
    expect((stats.params / 1e6).toFixed(2)).toBe(model.paramsM.toFixed(2));
    expect((stats.flops / 1e9).toFixed(2)).toBe(model.flopsG.toFixed(2));
  });
});
