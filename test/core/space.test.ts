import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SPACES, builtinSpace, choicesOutside, parseSpaceYaml, validateSpace } from '../../src/core/space';

const fixture = (name: string): string => new URL(`../fixtures/hat-spaces/${name}`, import.meta.url).pathname;

const SPACE0_YAML = `
arch: transformersuper_wmt_en_de
share-all-embeddings: True
encoder-embed-dim: 640
decoder-embed-dim: 640
encoder-ffn-embed-dim: 3072
decoder-ffn-embed-dim: 3072
encoder-layers: 6
decoder-layers: 6
encoder-attention-heads: 8
decoder-attention-heads: 8
qkv-dim: 512
encoder-embed-choice: [640, 512]
decoder-embed-choice: [640, 512]
encoder-layer-num-choice: [6]
decoder-layer-num-choice: [6, 5, 4, 3, 2, 1]
encoder-ffn-embed-dim-choice: [3072, 2048, 1024]
decoder-ffn-embed-dim-choice: [3072, 2048, 1024]
encoder-self-attention-heads-choice: [8, 4]
decoder-self-attention-heads-choice: [8, 4]
decoder-ende-attention-heads-choice: [8, 4]
decoder-arbitrary-ende-attn-choice: [-1, 1, 2]
`;

describe('built-in spaces', () => {
  it('are all valid', () => {
    for (const space of Object.values(BUILTIN_SPACES)) expect(validateSpace(space)).toEqual([]);
  });

  it('match the spec: WMT space0, IWSLT space1, and the widened latency space', () => {
    const wmt = builtinSpace('hat-wmt')!;
    expect(wmt.encoderFfnEmbedDimChoices).toEqual([3072, 2048, 1024]);
    expect(wmt.decoderSelfAttentionHeadsChoices).toEqual([8, 4]);
    expect(wmt.defaultTokens).toBe(30);
    const iwslt = builtinSpace('hat-iwslt')!;
    expect(iwslt.superEncoderFfnEmbedDim).toBe(2048);
    expect(iwslt.decoderEndeAttentionHeadsChoices).toEqual([4, 2]);
    expect(iwslt.defaultTokens).toBe(23);
    const latency = builtinSpace('hat-wmt-latency')!;
    expect(latency.encoderFfnEmbedDimChoices).toEqual([3072, 2048, 1024, 512]);
    expect(latency.decoderEndeAttentionHeadsChoices).toEqual([8, 4, 2]);
  });

  it('are looked up by name only', () => {
    expect(builtinSpace('toString')).toBeUndefined();
    expect(builtinSpace('nope')).toBeUndefined();
  });
});

describe('choicesOutside', () => {
  it('is empty for a space inside another, and names each gene that is not', () => {
    const wmt = builtinSpace('hat-wmt')!;
    const latency = builtinSpace('hat-wmt-latency')!;
    expect(choicesOutside(wmt, latency)).toEqual([]);
    expect(choicesOutside(wmt, wmt)).toEqual([]);
    expect(choicesOutside(latency, wmt)).toEqual([
      'encoder-ffn-embed-dim-choice',
      'decoder-ffn-embed-dim-choice',
      'encoder-self-attention-heads-choice',
      'decoder-self-attention-heads-choice',
      'decoder-ende-attention-heads-choice',
    ]);
    expect(choicesOutside(wmt, { ...latency, qkvDim: 256 })).toEqual(['qkv-dim']);
  });
});

describe('parseSpaceYaml', () => {
  it('reads HAT space0 and equals the built-in WMT space', () => {
    const result = parseSpaceYaml(SPACE0_YAML, 'hat-wmt');
    expect(result).toEqual({ ok: true, value: BUILTIN_SPACES['hat-wmt'] });
  });

  it.each([
    ['wmt14.en-de_space0.yml', 'hat-wmt'],
    ['iwslt14.de-en_space1.yml', 'hat-iwslt'],
  ])('reads HAT’s own %s as the built-in %s', (file, name) => {
    if (!existsSync(fixture(file))) throw new Error(`fixture ${file} missing`);
    expect(parseSpaceYaml(readFileSync(fixture(file), 'utf8'), name)).toEqual({
      ok: true,
      value: BUILTIN_SPACES[name],
    });
  });

  it('names every missing or malformed key', () => {
    const broken = SPACE0_YAML.replace('qkv-dim: 512\n', '')
      .replace('encoder-embed-choice: [640, 512]', 'encoder-embed-choice: [640, "wide"]')
      .replace('decoder-layers: 6', 'decoder-layers: -6');
    const result = parseSpaceYaml(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['qkv-dim', 'encoder-embed-choice', 'decoder-layers']));
    expect(result.problems.find((p) => p.field === 'qkv-dim')?.message).toBe('missing');
  });

  it('rejects choices that exceed the super dimensions', () => {
    const result = parseSpaceYaml(
      SPACE0_YAML.replace('encoder-ffn-embed-dim-choice: [3072, 2048, 1024]', 'encoder-ffn-embed-dim-choice: [4096]'),
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'encoder-ffn-embed-dim-choice', message: '4096 exceeds encoder-ffn-embed-dim (3072)' }],
    });
  });

  it('rejects unknown arbitrary-attention codes', () => {
    const result = parseSpaceYaml(
      SPACE0_YAML.replace('decoder-arbitrary-ende-attn-choice: [-1, 1, 2]', 'decoder-arbitrary-ende-attn-choice: [0]'),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'decoder-arbitrary-ende-attn-choice', message: '0 is not an attention code (allowed: -1, 1, 2)' },
      ],
    });
  });

  it('reports heads that do not divide qkv', () => {
    const result = parseSpaceYaml(
      SPACE0_YAML.replace('decoder-self-attention-heads-choice: [8, 4]', 'decoder-self-attention-heads-choice: [3]'),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toBe('3 heads do not divide qkv-dim 512');
  });

  it('gives a clear message for text that is not YAML or not a mapping', () => {
    expect(parseSpaceYaml('a: [1, 2').ok).toBe(false);
    const listDoc = parseSpaceYaml('- 1\n- 2\n');
    expect(listDoc.ok).toBe(false);
    if (!listDoc.ok) expect(listDoc.problems[0]?.message).toMatch(/mapping/);
  });

  it('uses 23 tokens when the arch names IWSLT', () => {
    const result = parseSpaceYaml(SPACE0_YAML.replace('transformersuper_wmt_en_de', 'transformersuper_iwslt_de_en'));
    expect(result.ok && result.value.defaultTokens).toBe(23);
  });
});
