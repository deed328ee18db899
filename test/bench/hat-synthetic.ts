import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinSpace } from '../../src/core/space';
import { superDimsFor } from '../../src/supertransformer/dims';
import { toFloat16Bits } from '../../src/supertransformer/float16';
import { paramShapes } from '../../src/supertransformer/params';
import { PyNamespace, PyOrderedDict, TensorSpec, writeTorchZip, type StorageSpec } from './torch-writer';

/** HAT's space0 WMT SuperTransformer: 640/3072/512 qkv, 6+6 layers, a joined 32768-token dictionary. */
export const SPACE0 = builtinSpace('hat-wmt')!;
export const SYNTHETIC_VOCAB = 32768;
export const SYNTHETIC_SENTENCES = 64;
/** newstest-like sentences: 29 tokens and </s>. */
export const SYNTHETIC_TOKENS = 30;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A pool of fp16 values ~ U(-scale, scale), tiled over a storage (contents only need to be finite and varied). */
function halfPool(scale: number, seed: number): Uint16Array {
  const random = seeded(seed);
  return Uint16Array.from({ length: 65521 }, () => toFloat16Bits((random() * 2 - 1) * scale));
}

function fillHalf(pool: Uint16Array, offset: number) {
  return (bytes: Uint8Array): void => {
    const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    for (let i = 0; i < halves.length; i++) halves[i] = pool[(i + offset) % pool.length]!;
  };
}

/**
 * Writes, under `dir`: `space0.pt` (fp16 model as fairseq's FP16 trainer saves it, plus fp32 Adam state over the flat
 * fp32 copy of the parameters, 2 x 4 bytes per parameter), `dict.en.txt`/`dict.de.txt` and the mmap valid set.
 */
export async function writeSyntheticSpace0(dir: string): Promise<{ checkpoint: string; parameters: number }> {
  await mkdir(dir, { recursive: true });
  const dims = superDimsFor([SPACE0], 1, SYNTHETIC_VOCAB, 1024);
  const storages: StorageSpec[] = [];
  const model: Array<[string, unknown]> = [];
  const weights = halfPool(0.05, 1);
  const ones = Uint16Array.from({ length: 1 }, () => toFloat16Bits(1));
  let parameters = 0;
  const isLinear = (name: string): boolean => /in_proj_weight|out_proj\.weight|fc[12]\.weight/.test(name);
  for (const [name, shape] of paramShapes(dims)) {
    const hatShape = isLinear(name) ? [...shape].reverse() : shape;
    const numel = shape.reduce((a, b) => a * b, 1);
    parameters += numel;
    const storage: StorageSpec = {
      key: String(storages.length),
      type: 'HalfStorage',
      numel,
      fill: fillHalf(name.endsWith('layer_norm.weight') ? ones : weights, storages.length * 7919),
    };
    storages.push(storage);
    const tensor = new TensorSpec(storage, hatShape);
    if (name === 'embed_tokens.weight') {
      model.push(['encoder.embed_tokens.weight', tensor], ['decoder.embed_tokens.weight', tensor]);
    } else model.push([name, tensor]);
  }
  const flat = (key: string): TensorSpec =>
    new TensorSpec({ key, type: 'FloatStorage', numel: parameters, fill: (b) => b.fill(0x3c) }, [parameters]);
  const expAvg = flat(String(storages.length));
  const expAvgSq = flat(String(storages.length + 1));
  storages.push(expAvg.storage, expAvgSq.storage);
  const choice = (key: string, values: number[]): Array<[string, unknown]> => [[key, values]];
  const args = new PyNamespace(
    Object.fromEntries([
      ['arch', 'transformersuper_wmt_en_de'],
      ['task', 'translation'],
      ['criterion', 'label_smoothed_cross_entropy'],
      ['label_smoothing', 0.1],
      ['source_lang', 'en'],
      ['target_lang', 'de'],
      ['max_tokens', 4096],
      ['seed', 1],
      ['max_source_positions', 1024],
      ['max_target_positions', 1024],
      ['share_all_embeddings', true],
      ['share_decoder_input_output_embed', true],
      ['encoder_embed_dim', 640],
      ['decoder_embed_dim', 640],
      ['encoder_ffn_embed_dim', 3072],
      ['decoder_ffn_embed_dim', 3072],
      ['encoder_layers', 6],
      ['decoder_layers', 6],
      ['encoder_attention_heads', 8],
      ['decoder_attention_heads', 8],
      ['qkv_dim', 512],
      ['activation_fn', 'relu'],
      ['encoder_normalize_before', false],
      ['decoder_normalize_before', false],
      ['vocab_original_scaling', false],
      ['adaptive_softmax_cutoff', null],
      ['fp16', true],
      ...choice('encoder_embed_choice', SPACE0.encoderEmbedChoices),
      ...choice('decoder_embed_choice', SPACE0.decoderEmbedChoices),
      ...choice('encoder_ffn_embed_dim_choice', SPACE0.encoderFfnEmbedDimChoices),
      ...choice('decoder_ffn_embed_dim_choice', SPACE0.decoderFfnEmbedDimChoices),
      ...choice('encoder_layer_num_choice', SPACE0.encoderLayerNumChoices),
      ...choice('decoder_layer_num_choice', SPACE0.decoderLayerNumChoices),
      ...choice('encoder_self_attention_heads_choice', SPACE0.encoderSelfAttentionHeadsChoices),
      ...choice('decoder_self_attention_heads_choice', SPACE0.decoderSelfAttentionHeadsChoices),
      ...choice('decoder_ende_attention_heads_choice', SPACE0.decoderEndeAttentionHeadsChoices),
      ...choice('decoder_arbitrary_ende_attn_choice', SPACE0.decoderArbitraryEndeAttnChoices),
    ]),
  );
  const root = {
    args,
    model: new PyOrderedDict(model),
    optimizer_history: [{ criterion_name: 'LabelSmoothedCrossEntropyCriterion', num_updates: 40000 }],
    extra_state: { val_loss: 4.0 },
    last_optimizer_state: {
      loss_scale: 128,
      state: new PyOrderedDict([[0, { step: 40000, exp_avg: expAvg, exp_avg_sq: expAvgSq }]]),
      param_groups: [{ lr: 1e-7, betas: [0.9, 0.98], eps: 1e-8, weight_decay: 0, params: [0] }],
    },
  };
  const checkpoint = join(dir, 'space0.pt');
  await writeTorchZip(checkpoint, root, storages);
  const dict = Array.from({ length: SYNTHETIC_VOCAB - 4 }, (_, i) => `t${i} ${SYNTHETIC_VOCAB - i}`).join('\n');
  await writeFile(join(dir, 'dict.en.txt'), `${dict}\n`);
  await writeFile(join(dir, 'dict.de.txt'), `${dict}\n`);
  for (const [lang, seed] of [
    ['en', 11],
    ['de', 12],
  ] as const) {
    await writeMmap(join(dir, `valid.en-de.${lang}`), seed);
  }
  return { checkpoint, parameters };
}

/** 64 sentences of 29 random ids and </s>, in fairseq's mmap format (uint16, the vocabulary is under 65500). */
async function writeMmap(prefix: string, seed: number): Promise<void> {
  const random = seeded(seed);
  const n = SYNTHETIC_SENTENCES;
  const bin = new Uint16Array(n * SYNTHETIC_TOKENS);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < SYNTHETIC_TOKENS - 1; t++) bin[s * SYNTHETIC_TOKENS + t] = 4 + Math.floor(random() * 30000);
    bin[s * SYNTHETIC_TOKENS + SYNTHETIC_TOKENS - 1] = 2;
  }
  const idx = new DataView(new ArrayBuffer(26 + n * 12));
  [0x4d, 0x4d, 0x49, 0x44, 0x49, 0x44, 0x58, 0, 0].forEach((b, i) => idx.setUint8(i, b));
  idx.setBigUint64(9, 1n, true);
  idx.setUint8(17, 8);
  idx.setBigUint64(18, BigInt(n), true);
  for (let s = 0; s < n; s++) {
    idx.setInt32(26 + 4 * s, SYNTHETIC_TOKENS, true);
    idx.setBigInt64(26 + 4 * n + 8 * s, BigInt(s * SYNTHETIC_TOKENS * 2), true);
  }
  await writeFile(`${prefix}.idx`, new Uint8Array(idx.buffer));
  await writeFile(`${prefix}.bin`, new Uint8Array(bin.buffer));
}
