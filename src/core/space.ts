import { parse as parseYaml } from 'yaml';
import { describeValue, fail, ok, type Problem, type Result } from './result';

/**
 * A HAT search space: the SuperTransformer's dimensions and the choices of every gene position.
 * Field names mirror HAT's YAML keys (see SPACE_YAML_KEYS).
 */
export interface SearchSpace {
  name: string;
  superEncoderEmbedDim: number;
  superDecoderEmbedDim: number;
  superEncoderFfnEmbedDim: number;
  superDecoderFfnEmbedDim: number;
  superEncoderLayers: number;
  superDecoderLayers: number;
  superEncoderHeads: number;
  superDecoderHeads: number;
  qkvDim: number;
  encoderEmbedChoices: number[];
  decoderEmbedChoices: number[];
  encoderFfnEmbedDimChoices: number[];
  decoderFfnEmbedDimChoices: number[];
  encoderLayerNumChoices: number[];
  decoderLayerNumChoices: number[];
  encoderSelfAttentionHeadsChoices: number[];
  decoderSelfAttentionHeadsChoices: number[];
  decoderEndeAttentionHeadsChoices: number[];
  decoderArbitraryEndeAttnChoices: number[];
  /** Source and target length of HAT's latency and FLOPs protocol: 30 for WMT, 23 for IWSLT. */
  defaultTokens: number;
}

type ScalarKey = Exclude<keyof SearchSpace, 'name' | 'defaultTokens' | `${string}Choices`>;
type ChoiceKey = Extract<keyof SearchSpace, `${string}Choices`>;

export const SPACE_SCALAR_KEYS: Record<ScalarKey, string> = {
  superEncoderEmbedDim: 'encoder-embed-dim',
  superDecoderEmbedDim: 'decoder-embed-dim',
  superEncoderFfnEmbedDim: 'encoder-ffn-embed-dim',
  superDecoderFfnEmbedDim: 'decoder-ffn-embed-dim',
  superEncoderLayers: 'encoder-layers',
  superDecoderLayers: 'decoder-layers',
  superEncoderHeads: 'encoder-attention-heads',
  superDecoderHeads: 'decoder-attention-heads',
  qkvDim: 'qkv-dim',
};

export const SPACE_CHOICE_KEYS: Record<ChoiceKey, string> = {
  encoderEmbedChoices: 'encoder-embed-choice',
  decoderEmbedChoices: 'decoder-embed-choice',
  encoderFfnEmbedDimChoices: 'encoder-ffn-embed-dim-choice',
  decoderFfnEmbedDimChoices: 'decoder-ffn-embed-dim-choice',
  encoderLayerNumChoices: 'encoder-layer-num-choice',
  decoderLayerNumChoices: 'decoder-layer-num-choice',
  encoderSelfAttentionHeadsChoices: 'encoder-self-attention-heads-choice',
  decoderSelfAttentionHeadsChoices: 'decoder-self-attention-heads-choice',
  decoderEndeAttentionHeadsChoices: 'decoder-ende-attention-heads-choice',
  decoderArbitraryEndeAttnChoices: 'decoder-arbitrary-ende-attn-choice',
};

/** Arbitrary encoder-decoder attention codes and how many encoder layers each attends to. */
export const ARBITRARY_ATTN_LAYERS: ReadonlyMap<number, number> = new Map([
  [-1, 1],
  [1, 2],
  [2, 3],
]);

const WMT_TOKENS = 30;
const IWSLT_TOKENS = 23;

const HAT_WMT: SearchSpace = {
  name: 'hat-wmt',
  superEncoderEmbedDim: 640,
  superDecoderEmbedDim: 640,
  superEncoderFfnEmbedDim: 3072,
  superDecoderFfnEmbedDim: 3072,
  superEncoderLayers: 6,
  superDecoderLayers: 6,
  superEncoderHeads: 8,
  superDecoderHeads: 8,
  qkvDim: 512,
  encoderEmbedChoices: [640, 512],
  decoderEmbedChoices: [640, 512],
  encoderFfnEmbedDimChoices: [3072, 2048, 1024],
  decoderFfnEmbedDimChoices: [3072, 2048, 1024],
  encoderLayerNumChoices: [6],
  decoderLayerNumChoices: [6, 5, 4, 3, 2, 1],
  encoderSelfAttentionHeadsChoices: [8, 4],
  decoderSelfAttentionHeadsChoices: [8, 4],
  decoderEndeAttentionHeadsChoices: [8, 4],
  decoderArbitraryEndeAttnChoices: [-1, 1, 2],
  defaultTokens: WMT_TOKENS,
};

const HAT_IWSLT: SearchSpace = {
  ...HAT_WMT,
  name: 'hat-iwslt',
  superEncoderFfnEmbedDim: 2048,
  superDecoderFfnEmbedDim: 2048,
  superEncoderHeads: 4,
  superDecoderHeads: 4,
  encoderFfnEmbedDimChoices: [2048, 1024, 512],
  decoderFfnEmbedDimChoices: [2048, 1024, 512],
  encoderSelfAttentionHeadsChoices: [4, 2],
  decoderSelfAttentionHeadsChoices: [4, 2],
  decoderEndeAttentionHeadsChoices: [4, 2],
  defaultTokens: IWSLT_TOKENS,
};

/** The space HAT's latency datasets were sampled from: space0 widened by FFN 512 and heads 2. */
const HAT_WMT_LATENCY: SearchSpace = {
  ...HAT_WMT,
  name: 'hat-wmt-latency',
  encoderFfnEmbedDimChoices: [3072, 2048, 1024, 512],
  decoderFfnEmbedDimChoices: [3072, 2048, 1024, 512],
  encoderSelfAttentionHeadsChoices: [8, 4, 2],
  decoderSelfAttentionHeadsChoices: [8, 4, 2],
  decoderEndeAttentionHeadsChoices: [8, 4, 2],
};

export const BUILTIN_SPACES: Readonly<Record<string, SearchSpace>> = Object.freeze({
  'hat-wmt': HAT_WMT,
  'hat-iwslt': HAT_IWSLT,
  'hat-wmt-latency': HAT_WMT_LATENCY,
});

export const BUILTIN_SPACE_NAMES = Object.keys(BUILTIN_SPACES);

export function builtinSpace(name: string): SearchSpace | undefined {
  return Object.hasOwn(BUILTIN_SPACES, name) ? BUILTIN_SPACES[name] : undefined;
}

/**
 * HAT's YAML keys of the genes where `inner` offers a choice `outer` does not (and `qkv-dim` when they differ):
 * empty when every config of `inner` is also one of `outer`, so a model trained on `outer` can score it.
 */
export function choicesOutside(inner: SearchSpace, outer: SearchSpace): string[] {
  const outside = (Object.entries(SPACE_CHOICE_KEYS) as [ChoiceKey, string][])
    .filter(([key]) => inner[key].some((value) => !outer[key].includes(value)))
    .map(([, yamlKey]) => yamlKey);
  return inner.qkvDim === outer.qkvDim ? outside : [...outside, SPACE_SCALAR_KEYS.qkvDim];
}

const isPositiveInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;

/** Every problem with a space; an empty list means the space is usable. */
export function validateSpace(space: SearchSpace): Problem[] {
  const problems: Problem[] = [];
  for (const [key, yamlKey] of Object.entries(SPACE_SCALAR_KEYS) as [ScalarKey, string][]) {
    if (!isPositiveInt(space[key])) {
      problems.push({ field: yamlKey, message: `must be a positive integer, got ${describeValue(space[key])}` });
    }
  }
  for (const [key, yamlKey] of Object.entries(SPACE_CHOICE_KEYS) as [ChoiceKey, string][]) {
    const choices = space[key];
    if (!Array.isArray(choices) || choices.length === 0) {
      problems.push({ field: yamlKey, message: 'must be a non-empty list' });
      continue;
    }
    if (new Set(choices).size !== choices.length) {
      problems.push({ field: yamlKey, message: `has repeated values [${choices.join(', ')}]` });
    }
    const isArbitrary = key === 'decoderArbitraryEndeAttnChoices';
    for (const value of choices) {
      const valid = isArbitrary ? ARBITRARY_ATTN_LAYERS.has(value) : isPositiveInt(value);
      if (!valid) {
        problems.push({
          field: yamlKey,
          message: isArbitrary
            ? `${describeValue(value)} is not an attention code (allowed: -1, 1, 2)`
            : `${describeValue(value)} is not a positive integer`,
        });
      }
    }
  }
  if (problems.length > 0) return problems;

  const limit = (key: ChoiceKey, max: number, maxName: string): void => {
    for (const value of space[key]) {
      if (value > max) {
        problems.push({ field: SPACE_CHOICE_KEYS[key], message: `${value} exceeds ${maxName} (${max})` });
      }
    }
  };
  limit('encoderEmbedChoices', space.superEncoderEmbedDim, 'encoder-embed-dim');
  limit('decoderEmbedChoices', space.superDecoderEmbedDim, 'decoder-embed-dim');
  limit('encoderFfnEmbedDimChoices', space.superEncoderFfnEmbedDim, 'encoder-ffn-embed-dim');
  limit('decoderFfnEmbedDimChoices', space.superDecoderFfnEmbedDim, 'decoder-ffn-embed-dim');
  limit('encoderLayerNumChoices', space.superEncoderLayers, 'encoder-layers');
  limit('decoderLayerNumChoices', space.superDecoderLayers, 'decoder-layers');
  const headKeys: ChoiceKey[] = [
    'encoderSelfAttentionHeadsChoices',
    'decoderSelfAttentionHeadsChoices',
    'decoderEndeAttentionHeadsChoices',
  ];
  for (const key of headKeys) {
    for (const heads of space[key]) {
      if (space.qkvDim % heads !== 0) {
        problems.push({
          field: SPACE_CHOICE_KEYS[key],
          message: `${heads} heads do not divide qkv-dim ${space.qkvDim}`,
        });
      }
    }
  }
  const minEncoderLayers = Math.min(...space.encoderLayerNumChoices);
  for (const code of space.decoderArbitraryEndeAttnChoices) {
    const attended = ARBITRARY_ATTN_LAYERS.get(code) ?? 0;
    if (attended > minEncoderLayers) {
      problems.push({
        field: SPACE_CHOICE_KEYS.decoderArbitraryEndeAttnChoices,
        message: `code ${code} attends to ${attended} encoder layers but an encoder may have only ${minEncoderLayers}`,
      });
    }
  }
  if (!isPositiveInt(space.defaultTokens)) {
    problems.push({ field: 'defaultTokens', message: 'must be a positive integer' });
  }
  return problems;
}

/**
 * Reads HAT's space YAML (e.g. configs/wmt14.en-de/supertransformer/space0.yml).
 * Unknown keys are ignored; the token count follows HAT's rule (23 when `arch` names IWSLT, else 30).
 */
export function parseSpaceYaml(text: string, name = 'custom'): Result<SearchSpace> {
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: 'core', uniqueKeys: false, logLevel: 'error' });
  } catch (error) {
    return fail([{ field: '', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail([{ field: '', message: 'expected a YAML mapping of HAT space keys' }]);
  }
  const record = doc as Record<string, unknown>;
  const problems: Problem[] = [];
  const space: Partial<SearchSpace> = { name };
  for (const [key, yamlKey] of Object.entries(SPACE_SCALAR_KEYS) as [ScalarKey, string][]) {
    const value = record[yamlKey];
    if (value === undefined) problems.push({ field: yamlKey, message: 'missing' });
    else if (!isPositiveInt(value)) {
      problems.push({ field: yamlKey, message: `must be a positive integer, got ${describeValue(value)}` });
    } else space[key] = value;
  }
  for (const [key, yamlKey] of Object.entries(SPACE_CHOICE_KEYS) as [ChoiceKey, string][]) {
    const value = record[yamlKey];
    if (value === undefined) problems.push({ field: yamlKey, message: 'missing' });
    else if (!Array.isArray(value) || value.length === 0) {
      problems.push({ field: yamlKey, message: `must be a non-empty list, got ${describeValue(value)}` });
    } else if (!value.every((x) => typeof x === 'number' && Number.isInteger(x))) {
      problems.push({ field: yamlKey, message: `must list integers, got [${value.map(describeValue).join(', ')}]` });
    } else space[key] = value as number[];
  }
  const arch = record['arch'];
  space.defaultTokens = typeof arch === 'string' && arch.includes('iwslt') ? IWSLT_TOKENS : WMT_TOKENS;
  if (problems.length > 0) return fail(problems);
  const complete = space as SearchSpace;
  const invalid = validateSpace(complete);
  return invalid.length > 0 ? fail(invalid) : ok(complete);
}
