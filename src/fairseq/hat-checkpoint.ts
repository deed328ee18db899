import type { SubTransformerConfig } from '../core/config';
import type { SearchSpace } from '../core/space';
import type { SuperDims } from '../supertransformer/dims';
import { paramShapes } from '../supertransformer/params';
import { CheckedSource, type ByteSource } from '../torch/byte-source';
import { readTorchCheckpoint, TensorRef, type TorchCheckpoint } from '../torch/checkpoint';
import { OpaqueValue, PyGlobal, PyObject, type PyValue } from '../torch/pickle';

/**
 * A fairseq checkpoint of HAT's TransformerSuperModel (`transformersuper*` architectures) read into the project's
 * SuperTransformer layout: dims, search space and criterion from its `args`, tensors from its `model` state dict.
 * Only the model's bytes are read: `last_optimizer_state` (often 2-3x the model) is parsed as structure and skipped.
 */
export class HatCheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HatCheckpointError';
  }
}

export interface HatCheckpointInfo {
  format: 'zip' | 'legacy';
  arch: string;
  sourceLang: string | null;
  targetLang: string | null;
  dims: SuperDims;
  /** HAT's --vocab-original-scaling: tokens scaled by sqrt(super embed dim). */
  vocabOriginalScaling: boolean;
  shareAllEmbeddings: boolean;
  /** The SuperTransformer's search space, from the checkpoint's `*-choice` args. */
  space: SearchSpace;
  /** The criterion's epsilon (`--label-smoothing`), used for hatLoss. */
  labelSmoothing: number;
  criterion: string;
  /** `--max-tokens-valid` (or `--max-tokens`) the checkpoint was trained with, if recorded. */
  maxTokensValid: number | null;
  /** The SubTransformer a trained SubTransformer checkpoint (HAT_*.pt) records in its args, else null. */
  subTransformer: SubTransformerConfig | null;
  precision: 'fp16' | 'fp32' | 'mixed';
  /** Elements of every model tensor the SuperTransformer uses. */
  parameters: number;
  /** Bytes of those tensors in the file, and the file's size. */
  modelBytes: number;
  fileBytes: number;
  /** Memory the loaded weights take as float32. */
  float32Bytes: number;
  /** fairseq --seed (the shuffle of validation batches). */
  seed: number;
}

export interface TensorValue {
  shape: number[];
  data: Float32Array;
}

export interface ReadProgress {
  bytesRead: number;
  bytesTotal: number;
}

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
}

/** Buffers, not weights: fairseq rebuilds them (its upgrade_state_dict_named drops old `embed_positions.weights`). */
const SKIPPED = /(^|\.)version$|embed_positions\.(_float_tensor|weights)$/;

/** Reads args and the tensor table; tensor bytes are read by `readHatTensors`. */
export async function openHatCheckpoint(
  source: ByteSource,
  options: ReadOptions = {},
): Promise<{
  info: HatCheckpointInfo;
  checkpoint: TorchCheckpoint;
  tensors: Map<string, TensorRef>;
  source: CheckedSource;
}> {
  const checked = new CheckedSource(source, options.signal);
  const checkpoint = await readTorchCheckpoint(checked);
  const root = checkpoint.root;
  if (!(root instanceof Map)) throw new HatCheckpointError('not a fairseq checkpoint: its top level is not a dict');
  const args = root.get('args');
  const model = root.get('model');
  refuseOpaque(args ?? null, 'args');
  if (!(args instanceof PyObject)) throw new HatCheckpointError('not a fairseq checkpoint: it has no `args` Namespace');
  if (!(model instanceof Map)) throw new HatCheckpointError('not a fairseq checkpoint: it has no `model` state dict');
  refuseOpaque(model, 'model');
  const a = argReader(args);
  checkArchitecture(a);
  const tensors = new Map<string, TensorRef>();
  for (const [name, value] of model) {
    if (typeof name !== 'string' || SKIPPED.test(name)) continue;
    if (!(value instanceof TensorRef)) throw new HatCheckpointError(`model entry ${String(name)} is not a tensor`);
    tensors.set(name, value);
  }
  const dims = dimsFrom(a, tensors);
  const info = infoFrom(a, dims, tensors, checkpoint, checked.size);
  return { info, checkpoint, tensors, source: checked };
}

/** Every tensor of the SuperTransformer, in the project's layout (linear weights transposed to [in, out]). */
export async function* readHatTensors(
  opened: Awaited<ReturnType<typeof openHatCheckpoint>>,
  options: ReadOptions = {},
): AsyncGenerator<[string, TensorValue]> {
  const { info, checkpoint, tensors, source } = opened;
  const expected = paramShapes(info.dims);
  const total = info.modelBytes;
  const start = source.bytesRead;
  for (const [name, shape] of expected) {
    options.signal?.throwIfAborted();
    const hatName = hatTensorName(name);
    const ref = tensors.get(hatName)!;
    const values = await checkpoint.readFloat32(ref, hatName);
    const data = isLinearWeight(name) ? transpose(values, ref.shape[0]!, ref.shape[1]!) : values;
    options.onProgress?.({ bytesRead: Math.min(total, source.bytesRead - start), bytesTotal: total });
    yield [name, { shape, data }];
  }
}

/**
 * The HAT state-dict name of one of our tensors: ours are HAT's, except the shared table, which fairseq stores as
 * the decoder's (and, when shared, again as the encoder's: one storage, read once).
 */
function hatTensorName(name: string): string {
  return name === 'embed_tokens.weight' ? 'decoder.embed_tokens.weight' : name;
}

const isLinearWeight = (name: string): boolean =>
  name.endsWith('in_proj_weight') || name.endsWith('out_proj.weight') || /\.fc[12]\.weight$/.test(name);

function transpose(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c]!;
  return out;
}

function refuseOpaque(value: PyValue, path: string): void {
  if (value instanceof OpaqueValue) {
    throw new HatCheckpointError(`unsupported pickle global ${value.global} in ${path}`);
  }
  if (value instanceof PyGlobal)
    throw new HatCheckpointError(`unsupported pickle global ${value.qualifiedName} in ${path}`);
  if (Array.isArray(value)) value.forEach((v, i) => refuseOpaque(v, `${path}[${i}]`));
  else if (value instanceof Map) for (const [k, v] of value) refuseOpaque(v, `${path}.${String(k)}`);
  else if (value instanceof PyObject) for (const [k, v] of value.attributes) refuseOpaque(v, `${path}.${k}`);
}

interface Args {
  has(name: string): boolean;
  num(name: string, fallback?: number): number;
  optionalNum(name: string): number | null;
  bool(name: string, fallback?: boolean): boolean;
  str(name: string, fallback?: string): string | null;
  numbers(name: string): number[] | null;
}

function argReader(args: PyObject): Args {
  const raw = (name: string): PyValue | undefined => args.attributes.get(name);
  return {
    has: (name) => raw(name) !== undefined && raw(name) !== null,
    num(name, fallback) {
      const v = raw(name);
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if ((v === undefined || v === null) && fallback !== undefined) return fallback;
      throw new HatCheckpointError(`the checkpoint's args have no numeric ${name}`);
    },
    optionalNum: (name) => (typeof raw(name) === 'number' ? (raw(name) as number) : null),
    bool(name, fallback = false) {
      const v = raw(name);
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') return v === 'True' || v === 'true';
      return fallback;
    },
    str: (name, fallback) => (typeof raw(name) === 'string' ? (raw(name) as string) : (fallback ?? null)),
    numbers(name) {
      const v = raw(name);
      return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
    },
  };
}

/** HAT's TransformerSuperModel with the options this project implements; anything else is refused by name. */
function checkArchitecture(a: Args): void {
  const arch = a.str('arch') ?? '(none)';
  if (!arch.startsWith('transformersuper')) {
    throw new HatCheckpointError(
      `a checkpoint of another architecture: arch is ${arch}, and only HAT's transformersuper* models load here`,
    );
  }
  const refuse = (condition: boolean, what: string): void => {
    if (condition)
      throw new HatCheckpointError(`this HAT checkpoint uses ${what}, which the browser model does not implement`);
  };
  refuse(
    a.bool('encoder_normalize_before') || a.bool('decoder_normalize_before'),
    'pre-norm layers (--*-normalize-before)',
  );
  refuse(a.bool('encoder_learned_pos') || a.bool('decoder_learned_pos'), 'learned positional embeddings');
  refuse(a.bool('no_token_positional_embeddings'), 'no positional embeddings');
  refuse(a.has('adaptive_softmax_cutoff'), 'an adaptive softmax');
  refuse((a.str('activation_fn') ?? 'relu') !== 'relu', `the ${a.str('activation_fn')} activation`);
  refuse(
    a.num('encoder_embed_dim', 512) !== a.num('decoder_embed_dim', 512),
    'different encoder and decoder embed dims',
  );
  refuse(
    a.num('decoder_output_dim', a.num('decoder_embed_dim', 512)) !== a.num('decoder_embed_dim', 512),
    'an output projection',
  );
}

function dimsFrom(a: Args, tensors: Map<string, TensorRef>): SuperDims {
  const embed = a.num('encoder_embed_dim', 512);
  const table = (name: string): TensorRef => {
    const t = tensors.get(name);
    if (!t || t.shape.length !== 2) throw new HatCheckpointError(`the state dict has no ${name}`);
    return t;
  };
  const encoderTable = table('encoder.embed_tokens.weight');
  const decoderTable = table('decoder.embed_tokens.weight');
  const shareAll = a.bool('share_all_embeddings');
  const shareOutput = shareAll || a.bool('share_decoder_input_output_embed');
  const dims: SuperDims = {
    vocabSize: decoderTable.shape[0]!,
    maxEmbedDim: embed,
    maxEncoderFfnDim: a.num('encoder_ffn_embed_dim', 2048),
    maxDecoderFfnDim: a.num('decoder_ffn_embed_dim', a.num('encoder_ffn_embed_dim', 2048)),
    qkvDim: a.optionalNum('qkv_dim') ?? embed,
    encoderLayers: a.num('encoder_layers', 6),
    decoderLayers: a.num('decoder_layers', 6),
    maxPositions: Math.max(a.num('max_source_positions', 1024), a.num('max_target_positions', 1024)),
    ...(shareAll ? {} : { sourceVocabSize: encoderTable.shape[0]! }),
    ...(shareOutput ? {} : { separateOutputTable: true }),
  };
  for (const [name, shape] of paramShapes(dims)) {
    const hatName = hatTensorName(name);
    const ref = tensors.get(hatName);
    const hatShape = isLinearWeight(name) ? [...shape].reverse() : shape;
    if (!ref)
      throw new HatCheckpointError(`the state dict has no ${hatName}: not a HAT SuperTransformer of these dims`);
    if (ref.shape.join('x') !== hatShape.join('x')) {
      throw new HatCheckpointError(
        `${hatName} has shape [${ref.shape.join(', ')}], but the checkpoint's args give [${hatShape.join(', ')}]`,
      );
    }
  }
  const used = new Set(paramShapes(dims).map(([name]) => hatTensorName(name)));
  if (shareAll) used.add('encoder.embed_tokens.weight');
  const extra = [...tensors.keys()].filter((name) => !used.has(name));
  if (extra.length > 0) {
    throw new HatCheckpointError(
      `the state dict holds tensors HAT's SuperTransformer does not: ${extra.slice(0, 3).join(', ')}`,
    );
  }
  return dims;
}

function infoFrom(
  a: Args,
  dims: SuperDims,
  tensors: Map<string, TensorRef>,
  checkpoint: TorchCheckpoint,
  fileBytes: number,
): HatCheckpointInfo {
  const arch = a.str('arch')!;
  const choices = (name: string, fallback: number[]): number[] => a.numbers(name) ?? fallback;
  const space: SearchSpace = {
    name: 'checkpoint',
    superEncoderEmbedDim: dims.maxEmbedDim,
    superDecoderEmbedDim: dims.maxEmbedDim,
    superEncoderFfnEmbedDim: dims.maxEncoderFfnDim,
    superDecoderFfnEmbedDim: dims.maxDecoderFfnDim,
    superEncoderLayers: dims.encoderLayers,
    superDecoderLayers: dims.decoderLayers,
    superEncoderHeads: a.num('encoder_attention_heads', 8),
    superDecoderHeads: a.num('decoder_attention_heads', 8),
    qkvDim: dims.qkvDim,
    encoderEmbedChoices: choices('encoder_embed_choice', [dims.maxEmbedDim]),
    decoderEmbedChoices: choices('decoder_embed_choice', [dims.maxEmbedDim]),
    encoderFfnEmbedDimChoices: choices('encoder_ffn_embed_dim_choice', [dims.maxEncoderFfnDim]),
    decoderFfnEmbedDimChoices: choices('decoder_ffn_embed_dim_choice', [dims.maxDecoderFfnDim]),
    encoderLayerNumChoices: choices('encoder_layer_num_choice', [dims.encoderLayers]),
    decoderLayerNumChoices: choices('decoder_layer_num_choice', [dims.decoderLayers]),
    encoderSelfAttentionHeadsChoices: choices('encoder_self_attention_heads_choice', [8]),
    decoderSelfAttentionHeadsChoices: choices('decoder_self_attention_heads_choice', [8]),
    decoderEndeAttentionHeadsChoices: choices('decoder_ende_attention_heads_choice', [8]),
    decoderArbitraryEndeAttnChoices: choices('decoder_arbitrary_ende_attn_choice', [-1]),
    defaultTokens: arch.includes('iwslt') ? 23 : 30,
  };
  const used = paramShapes(dims).map(([name]) => tensors.get(hatTensorName(name))!);
  const types = new Set(used.map((t) => t.storage.storageType));
  const parameters = used.reduce((sum, t) => sum + t.numel, 0);
  return {
    format: checkpoint.format,
    arch,
    sourceLang: a.str('source_lang'),
    targetLang: a.str('target_lang'),
    dims,
    vocabOriginalScaling: a.bool('vocab_original_scaling'),
    shareAllEmbeddings: a.bool('share_all_embeddings'),
    space,
    labelSmoothing: a.num('label_smoothing', 0),
    criterion: a.str('criterion') ?? 'cross_entropy',
    maxTokensValid: a.optionalNum('max_tokens_valid') ?? a.optionalNum('max_tokens'),
    subTransformer: subTransformerFrom(a),
    precision: types.size === 1 ? (types.has('HalfStorage') ? 'fp16' : 'fp32') : 'mixed',
    parameters,
    modelBytes: used.reduce((sum, t) => sum + t.numel * t.storage.elementBytes, 0),
    fileBytes,
    float32Bytes: parameters * 4,
    seed: a.num('seed', 1),
  };
}

/** A trained SubTransformer checkpoint records its architecture as `--*-subtransformer` args. */
function subTransformerFrom(a: Args): SubTransformerConfig | null {
  const encoderEmbed = a.optionalNum('encoder_embed_dim_subtransformer');
  const encoderLayers = a.optionalNum('encoder_layer_num_subtransformer');
  const decoderLayers = a.optionalNum('decoder_layer_num_subtransformer');
  if (encoderEmbed === null || encoderLayers === null || decoderLayers === null) return null;
  const list = (name: string, layers: number): number[] => (a.numbers(name) ?? []).slice(0, layers);
  return {
    encoder: {
      embedDim: encoderEmbed,
      layerNum: encoderLayers,
      ffnEmbedDims: list('encoder_ffn_embed_dim_all_subtransformer', encoderLayers),
      selfAttentionHeads: list('encoder_self_attention_heads_all_subtransformer', encoderLayers),
    },
    decoder: {
      embedDim: a.num('decoder_embed_dim_subtransformer', encoderEmbed),
      layerNum: decoderLayers,
      ffnEmbedDims: list('decoder_ffn_embed_dim_all_subtransformer', decoderLayers),
      selfAttentionHeads: list('decoder_self_attention_heads_all_subtransformer', decoderLayers),
      endeAttentionHeads: list('decoder_ende_attention_heads_all_subtransformer', decoderLayers),
      arbitraryEndeAttn: list('decoder_arbitrary_ende_attn_all_subtransformer', decoderLayers),
    },
  };
}
