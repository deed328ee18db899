import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  configKey,
  largestConfig,
  smallestConfig,
  validateConfig,
  type SubTransformerConfig,
} from '../../src/core/config';
import {
  configToJson,
  configToYaml,
  parseConfigJson,
  parseConfigText,
  parseConfigYaml,
} from '../../src/core/config-io';
import { BUILTIN_SPACES } from '../../src/core/space';

const wmt = BUILTIN_SPACES['hat-wmt']!;

/** HAT_wmt14ende_raspberrypi@3.5s_bleu@25.8, as HAT ships it. */
const RPI_35_YAML = `encoder-embed-dim-subtransformer: 512
decoder-embed-dim-subtransformer: 512

encoder-ffn-embed-dim-all-subtransformer: [1024, 3072, 3072, 2048, 2048, 2048]
decoder-ffn-embed-dim-all-subtransformer: [3072]

encoder-layer-num-subtransformer: 6
decoder-layer-num-subtransformer: 1

encoder-self-attention-heads-all-subtransformer: [4, 8, 4, 4, 4, 8]
decoder-self-attention-heads-all-subtransformer: [8]
decoder-ende-attention-heads-all-subtransformer: [8]

# for arbitrary encoder decoder attention. -1 means attending to last one encoder layer
# 1 means last two encoder layers, 2 means last three encoder layers
decoder-arbitrary-ende-attn-all-subtransformer: [-1]
`;

const RPI_35: SubTransformerConfig = {
  encoder: {
    embedDim: 512,
    layerNum: 6,
    ffnEmbedDims: [1024, 3072, 3072, 2048, 2048, 2048],
    selfAttentionHeads: [4, 8, 4, 4, 4, 8],
  },
  decoder: {
    embedDim: 512,
    layerNum: 1,
    ffnEmbedDims: [3072],
    selfAttentionHeads: [8],
    endeAttentionHeads: [8],
    arbitraryEndeAttn: [-1],
  },
};

describe('SubTransformer YAML', () => {
  it('reads HAT’s own file', () => {
    expect(parseConfigYaml(RPI_35_YAML)).toEqual({ ok: true, value: RPI_35 });
  });

  it('writes exactly HAT’s layout, so the exported file is byte-identical to HAT’s', () => {
    expect(configToYaml(RPI_35)).toBe(RPI_35_YAML);
  });

  it('writes lists in flow style with every key train.py reads', () => {
    const doc = parseYaml(configToYaml(largestConfig(wmt))) as Record<string, unknown>;
    expect(doc['decoder-arbitrary-ende-attn-all-subtransformer']).toEqual([2, 2, 2, 2, 2, 2]);
    expect(configToYaml(largestConfig(wmt))).toContain(
      'encoder-ffn-embed-dim-all-subtransformer: [3072, 3072, 3072, 3072, 3072, 3072]',
    );
  });

  it('reads the in-memory form with one entry per super layer, keeping the used ones', () => {
    const padded = RPI_35_YAML.replace('[3072]', '[3072, 1024, 1024, 1024, 1024, 1024]').replace(
      'decoder-arbitrary-ende-attn-all-subtransformer: [-1]',
      'decoder-arbitrary-ende-attn-all-subtransformer: [-1, 2, 2, 2, 2, 2]',
    );
    expect(parseConfigYaml(padded)).toEqual({ ok: true, value: RPI_35 });
  });

  it('names every missing or malformed key', () => {
    const broken = RPI_35_YAML.replace('decoder-embed-dim-subtransformer: 512\n', '')
      .replace('[4, 8, 4, 4, 4, 8]', '[4, 8, "x", 4, 4, 8]')
      .replace(
        'decoder-ende-attention-heads-all-subtransformer: [8]',
        'decoder-ende-attention-heads-all-subtransformer: 8',
      );
    const result = parseConfigYaml(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { field: 'decoder-embed-dim-subtransformer', message: 'missing' },
        { field: 'encoder-self-attention-heads-all-subtransformer[2]', message: 'must be an integer, got "x"' },
        { field: 'decoder-ende-attention-heads-all-subtransformer', message: 'must be a list, got 8' },
      ]),
    );
  });

  it('refuses lists shorter than the layer count', () => {
    const result = parseConfigYaml(RPI_35_YAML.replace('[1024, 3072, 3072, 2048, 2048, 2048]', '[1024, 3072]'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toBe('has 2 entries but the layer count is 6');
  });

  it('does not evaluate content: YAML tags and anchors stay data', () => {
    const result = parseConfigYaml('!!js/function "function () { return 1 }"\n');
    expect(result.ok).toBe(false);
  });
});

describe('SubTransformer JSON', () => {
  it('round-trips through the app’s JSON', () => {
    expect(parseConfigJson(configToJson(RPI_35))).toEqual({ ok: true, value: RPI_35 });
    // Provenance (the figures and model of the search that found it) rides along and reads back as the same config.
    const noted = configToJson(RPI_35, { scoredBy: 'HAT checkpoint tiny.pt', validLoss: 5.9 });
    expect(JSON.parse(noted).provenance).toEqual({ scoredBy: 'HAT checkpoint tiny.pt', validLoss: 5.9 });
    expect(parseConfigJson(noted)).toEqual({ ok: true, value: RPI_35 });
  });

  it('reads HAT’s in-memory dict', () => {
    const hat = {
      encoder: {
        encoder_embed_dim: 512,
        encoder_layer_num: 6,
        encoder_ffn_embed_dim: [1024, 3072, 3072, 2048, 2048, 2048],
        encoder_self_attention_heads: [4, 8, 4, 4, 4, 8],
      },
      decoder: {
        decoder_embed_dim: 512,
        decoder_layer_num: 1,
        decoder_ffn_embed_dim: [3072, 3072, 3072, 3072, 3072, 3072],
        decoder_self_attention_heads: [8, 8, 8, 8, 8, 8],
        decoder_ende_attention_heads: [8, 4, 4, 4, 4, 4],
        decoder_arbitrary_ende_attn: [-1, 1, 1, 1, 1, 1],
      },
    };
    expect(parseConfigJson(JSON.stringify(hat))).toEqual({ ok: true, value: RPI_35 });
  });

  it('detects the format from the content', () => {
    expect(parseConfigText(configToJson(RPI_35))).toEqual({ ok: true, value: RPI_35 });
    expect(parseConfigText(RPI_35_YAML)).toEqual({ ok: true, value: RPI_35 });
    const bad = parseConfigText('{"encoder": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]?.message).toMatch(/not valid JSON/);
  });
});

describe('validateConfig', () => {
  it('accepts HAT’s published config and the extremes of every built-in space', () => {
    expect(validateConfig(RPI_35, wmt)).toEqual([]);
    for (const space of Object.values(BUILTIN_SPACES)) {
      expect(validateConfig(largestConfig(space), space)).toEqual([]);
      expect(validateConfig(smallestConfig(space), space)).toEqual([]);
    }
  });

  it('returns every problem, each naming the field and the allowed values', () => {
    const bad: SubTransformerConfig = {
      encoder: { ...RPI_35.encoder, embedDim: 768, ffnEmbedDims: [1024, 3072, 3072, 2048, 2048, 512] },
      decoder: { ...RPI_35.decoder, layerNum: 2, selfAttentionHeads: [8, 2], arbitraryEndeAttn: [-1, 0] },
    };
    expect(validateConfig(bad, wmt)).toEqual([
      { field: 'encoder.embedDim', message: '768 is not allowed (allowed: [640, 512])' },
      { field: 'encoder.ffnEmbedDims[5]', message: '512 is not allowed (allowed: [3072, 2048, 1024])' },
      { field: 'decoder.ffnEmbedDims', message: 'has 1 entries but layerNum is 2 (one entry per used layer)' },
      { field: 'decoder.selfAttentionHeads[1]', message: '2 is not allowed (allowed: [8, 4])' },
      { field: 'decoder.endeAttentionHeads', message: 'has 1 entries but layerNum is 2 (one entry per used layer)' },
      { field: 'decoder.arbitraryEndeAttn[1]', message: '0 is not allowed (allowed: [-1, 1, 2])' },
    ]);
  });

  it('knows the latency space is wider than the WMT space', () => {
    const wide = { ...RPI_35, encoder: { ...RPI_35.encoder, ffnEmbedDims: [512, 512, 512, 512, 512, 512] } };
    expect(validateConfig(wide, wmt)).toHaveLength(6);
    expect(validateConfig(wide, BUILTIN_SPACES['hat-wmt-latency']!)).toEqual([]);
  });
});

describe('configKey', () => {
  it('differs when any used value differs and is equal for equal configs', () => {
    const copy = structuredClone(RPI_35);
    expect(configKey(copy)).toBe(configKey(RPI_35));
    copy.decoder.endeAttentionHeads = [4];
    expect(configKey(copy)).not.toBe(configKey(RPI_35));
  });
});
