import { parse as parseYaml } from 'yaml';
import type { DecoderConfig, EncoderConfig, SubTransformerConfig } from './config';
import { describeValue, fail, ok, type Problem, type Result } from './result';

/** HAT's SubTransformer YAML keys (what `train.py --configs` reads). */
export const CONFIG_YAML_KEYS = {
  encoderEmbedDim: 'encoder-embed-dim-subtransformer',
  decoderEmbedDim: 'decoder-embed-dim-subtransformer',
  encoderLayerNum: 'encoder-layer-num-subtransformer',
  decoderLayerNum: 'decoder-layer-num-subtransformer',
  encoderFfn: 'encoder-ffn-embed-dim-all-subtransformer',
  decoderFfn: 'decoder-ffn-embed-dim-all-subtransformer',
  encoderSelfHeads: 'encoder-self-attention-heads-all-subtransformer',
  decoderSelfHeads: 'decoder-self-attention-heads-all-subtransformer',
  decoderEndeHeads: 'decoder-ende-attention-heads-all-subtransformer',
  decoderArbitrary: 'decoder-arbitrary-ende-attn-all-subtransformer',
} as const;

type Reader = (key: string) => unknown;

function readConfig(get: Reader, names: Record<keyof typeof CONFIG_YAML_KEYS, string>): Result<SubTransformerConfig> {
  const problems: Problem[] = [];
  const int = (key: string): number => {
    const value = get(key);
    if (value === undefined) problems.push({ field: key, message: 'missing' });
    else if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push({ field: key, message: `must be an integer, got ${describeValue(value)}` });
    } else return value;
    return Number.NaN;
  };
  const ints = (key: string, layerNum: number): number[] => {
    const value = get(key);
    if (value === undefined) {
      problems.push({ field: key, message: 'missing' });
      return [];
    }
    if (!Array.isArray(value)) {
      problems.push({ field: key, message: `must be a list, got ${describeValue(value)}` });
      return [];
    }
    const bad = value.findIndex((x) => typeof x !== 'number' || !Number.isInteger(x));
    if (bad >= 0) {
      problems.push({ field: `${key}[${bad}]`, message: `must be an integer, got ${describeValue(value[bad])}` });
      return [];
    }
    if (Number.isInteger(layerNum) && value.length < layerNum) {
      problems.push({ field: key, message: `has ${value.length} entries but the layer count is ${layerNum}` });
      return [];
    }
    // HAT's in-memory form carries one entry per super layer; only the used ones matter.
    return (value as number[]).slice(0, Number.isInteger(layerNum) ? layerNum : value.length);
  };
  const encLayers = int(names.encoderLayerNum);
  const decLayers = int(names.decoderLayerNum);
  const encoder: EncoderConfig = {
    embedDim: int(names.encoderEmbedDim),
    layerNum: encLayers,
    ffnEmbedDims: ints(names.encoderFfn, encLayers),
    selfAttentionHeads: ints(names.encoderSelfHeads, encLayers),
  };
  const decoder: DecoderConfig = {
    embedDim: int(names.decoderEmbedDim),
    layerNum: decLayers,
    ffnEmbedDims: ints(names.decoderFfn, decLayers),
    selfAttentionHeads: ints(names.decoderSelfHeads, decLayers),
    endeAttentionHeads: ints(names.decoderEndeHeads, decLayers),
    arbitraryEndeAttn: ints(names.decoderArbitrary, decLayers),
  };
  for (const [field, value] of [
    [names.encoderLayerNum, encLayers],
    [names.decoderLayerNum, decLayers],
  ] as const) {
    if (Number.isInteger(value) && value <= 0) problems.push({ field, message: `must be at least 1, got ${value}` });
  }
  return problems.length > 0 ? fail(problems) : ok({ encoder, decoder });
}

function parseMapping(text: string, what: string): Result<Record<string, unknown>> {
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: 'core', uniqueKeys: false, logLevel: 'error' });
  } catch (error) {
    return fail([{ field: '', message: `not valid ${what}: ${(error as Error).message.split('\n')[0]}` }]);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail([{ field: '', message: `expected a ${what} mapping of SubTransformer keys` }]);
  }
  return ok(doc as Record<string, unknown>);
}

/** Reads HAT's SubTransformer YAML. Lists may carry extra entries past the layer count (ignored). */
export function parseConfigYaml(text: string): Result<SubTransformerConfig> {
  const mapping = parseMapping(text, 'YAML');
  if (!mapping.ok) return mapping;
  return readConfig((key) => mapping.value[key], CONFIG_YAML_KEYS);
}

/** Writes HAT's SubTransformer YAML, lists in flow style, one entry per used layer. */
export function configToYaml(config: SubTransformerConfig, comment?: string): string {
  const { encoder: e, decoder: d } = config;
  const flow = (values: readonly number[]): string => `[${values.join(', ')}]`;
  const header = comment
    ? comment
        .split('\n')
        .map((line) => `# ${line}`)
        .join('\n') + '\n'
    : '';
  return (
    header +
    `${CONFIG_YAML_KEYS.encoderEmbedDim}: ${e.embedDim}\n` +
    `${CONFIG_YAML_KEYS.decoderEmbedDim}: ${d.embedDim}\n\n` +
    `${CONFIG_YAML_KEYS.encoderFfn}: ${flow(e.ffnEmbedDims)}\n` +
    `${CONFIG_YAML_KEYS.decoderFfn}: ${flow(d.ffnEmbedDims)}\n\n` +
    `${CONFIG_YAML_KEYS.encoderLayerNum}: ${e.layerNum}\n` +
    `${CONFIG_YAML_KEYS.decoderLayerNum}: ${d.layerNum}\n\n` +
    `${CONFIG_YAML_KEYS.encoderSelfHeads}: ${flow(e.selfAttentionHeads)}\n` +
    `${CONFIG_YAML_KEYS.decoderSelfHeads}: ${flow(d.selfAttentionHeads)}\n` +
    `${CONFIG_YAML_KEYS.decoderEndeHeads}: ${flow(d.endeAttentionHeads)}\n\n` +
    '# for arbitrary encoder decoder attention. -1 means attending to last one encoder layer\n' +
    '# 1 means last two encoder layers, 2 means last three encoder layers\n' +
    `${CONFIG_YAML_KEYS.decoderArbitrary}: ${flow(d.arbitraryEndeAttn)}\n`
  );
}

export const CONFIG_JSON_FORMAT = 'hat-explorer/subtransformer@1';

/**
 * JSON export: the canonical config, tagged with its format, and optionally where it came from (`provenance`: the
 * search's figures and the model that scored it). Readers ignore the provenance; the config is the same either way.
 */
export function configToJson(config: SubTransformerConfig, provenance?: Record<string, string | number>): string {
  return (
    JSON.stringify({ format: CONFIG_JSON_FORMAT, ...config, ...(provenance ? { provenance } : {}) }, null, 2) + '\n'
  );
}

const HAT_MEMORY_KEYS = {
  encoderEmbedDim: 'encoder.encoder_embed_dim',
  decoderEmbedDim: 'decoder.decoder_embed_dim',
  encoderLayerNum: 'encoder.encoder_layer_num',
  decoderLayerNum: 'decoder.decoder_layer_num',
  encoderFfn: 'encoder.encoder_ffn_embed_dim',
  decoderFfn: 'decoder.decoder_ffn_embed_dim',
  encoderSelfHeads: 'encoder.encoder_self_attention_heads',
  decoderSelfHeads: 'decoder.decoder_self_attention_heads',
  decoderEndeHeads: 'decoder.decoder_ende_attention_heads',
  decoderArbitrary: 'decoder.decoder_arbitrary_ende_attn',
};

const CANONICAL_KEYS = {
  encoderEmbedDim: 'encoder.embedDim',
  decoderEmbedDim: 'decoder.embedDim',
  encoderLayerNum: 'encoder.layerNum',
  decoderLayerNum: 'decoder.layerNum',
  encoderFfn: 'encoder.ffnEmbedDims',
  decoderFfn: 'decoder.ffnEmbedDims',
  encoderSelfHeads: 'encoder.selfAttentionHeads',
  decoderSelfHeads: 'decoder.selfAttentionHeads',
  decoderEndeHeads: 'decoder.endeAttentionHeads',
  decoderArbitrary: 'decoder.arbitraryEndeAttn',
};

/**
 * Reads a config as JSON: this app's export, or HAT's in-memory dict
 * (`{"encoder": {"encoder_embed_dim": …}, "decoder": {…}}`, one entry per super layer).
 */
export function parseConfigJson(text: string): Result<SubTransformerConfig> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail([{ field: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail([{ field: '', message: 'expected a JSON object with "encoder" and "decoder"' }]);
  }
  const get: Reader = (path) => {
    const [section, key] = path.split('.') as [string, string];
    const part = (doc as Record<string, unknown>)[section];
    return part !== null && typeof part === 'object' ? (part as Record<string, unknown>)[key] : undefined;
  };
  const isHatForm = get('encoder.encoder_embed_dim') !== undefined;
  return readConfig(get, isHatForm ? HAT_MEMORY_KEYS : CANONICAL_KEYS);
}

/** Reads a config file by its content: JSON when it starts with `{`, HAT YAML otherwise. */
export function parseConfigText(text: string): Result<SubTransformerConfig> {
  return text.trimStart().startsWith('{') ? parseConfigJson(text) : parseConfigYaml(text);
}
