import { configKey, validateConfig, type SubTransformerConfig } from '../core/config';
import { formatProblems } from '../core/result';
import { builtinSpace } from '../core/space';

/**
 * The search settings as the URL carries them. The same shape as the search store's SearchSettings, declared here
 * so this module (and its tests) stand on their own.
 */
export interface UrlSettings {
  space: string;
  profileId: string | null;
  algorithm: 'hat' | 'sweep' | 'nsga2';
  budgetsMs: number[];
  population: number;
  iterations: number;
  parents: number;
  mutations: number;
  crossovers: number;
  mutationProb: number;
  seed: number;
  /** The budget rule: null for the point prediction, or the confidence of the upper bound. */
  latencyConfidence?: number | null;
}

export interface UrlState {
  /** Only the settings the URL names; the caller merges them over its defaults (the URL wins). */
  settings: Partial<UrlSettings>;
  /** The selected config, checked against the URL's space (or hat-wmt). */
  selected: SubTransformerConfig | null;
  /** One line per parameter that was present but unusable (it is ignored, the rest still applies). */
  problems: string[];
}

const INT_PARAMS = {
  population: 'pop',
  iterations: 'iter',
  parents: 'parents',
  mutations: 'mut',
  crossovers: 'cross',
  seed: 'seed',
} as const;

const ALGORITHMS = ['hat', 'sweep', 'nsga2'] as const;

/** "640_6_3072.2048…" — configKey with '_' between fields, so the query string needs no escaping. */
export const configToParam = (config: SubTransformerConfig): string => configKey(config).replaceAll('|', '_');

/** Reads configKey's text form (fields split by '|' or '_'); null when it is not one. */
export function configFromKey(key: string): SubTransformerConfig | null {
  const fields = key.split(/[|_]/);
  if (fields.length !== 10) return null;
  const ints = (text: string): number[] | null => {
    if (text === '') return [];
    const values = text.split('.').map((part) => (/^-?\d+$/.test(part) ? Number(part) : Number.NaN));
    return values.every(Number.isInteger) ? values : null;
  };
  const lists = fields.map(ints);
  if (lists.some((l) => l === null)) return null;
  const [eEmbed, eLayers, eFfn, eHeads, dEmbed, dLayers, dFfn, dSelf, dEnde, dArb] = lists as number[][];
  if (eEmbed!.length !== 1 || eLayers!.length !== 1 || dEmbed!.length !== 1 || dLayers!.length !== 1) return null;
  return {
    encoder: { embedDim: eEmbed![0]!, layerNum: eLayers![0]!, ffnEmbedDims: eFfn!, selfAttentionHeads: eHeads! },
    decoder: {
      embedDim: dEmbed![0]!,
      layerNum: dLayers![0]!,
      ffnEmbedDims: dFfn!,
      selfAttentionHeads: dSelf!,
      endeAttentionHeads: dEnde!,
      arbitraryEndeAttn: dArb!,
    },
  };
}

/** The query string (without '?') for these settings and selection; parameters in a fixed order. */
export function encodeUrlState(settings: UrlSettings, selected: SubTransformerConfig | null): string {
  const params = new URLSearchParams();
  // An imported checkpoint's space (and its configs) means nothing without its files: a link leaves them out.
  const builtin = builtinSpace(settings.space) !== undefined;
  if (builtin) params.set('space', settings.space);
  if (settings.profileId !== null) params.set('profile', settings.profileId);
  params.set('algo', settings.algorithm);
  // '_' rather than ',' so the query string needs no escaping (a comma in a shared link is also read).
  params.set('budget', settings.budgetsMs.join('_'));
  for (const [field, name] of Object.entries(INT_PARAMS)) {
    params.set(name, String(settings[field as keyof typeof INT_PARAMS]));
  }
  params.set('mprob', String(settings.mutationProb));
  if (settings.latencyConfidence != null) params.set('conf', String(settings.latencyConfidence));
  if (selected && builtin) params.set('config', configToParam(selected));
  return params.toString();
}

/** Reads what a shared link carries; anything malformed is reported and ignored, never half-applied. */
export function decodeUrlState(query: string): UrlState {
  const params = new URLSearchParams(query);
  const settings: Partial<UrlSettings> = {};
  const problems: string[] = [];

  const space = params.get('space');
  if (space !== null) {
    if (builtinSpace(space)) settings.space = space;
    else problems.push(`space: unknown search space "${space}"`);
  }
  const profile = params.get('profile');
  if (profile !== null && profile !== '') settings.profileId = profile;
  const algo = params.get('algo');
  if (algo !== null) {
    if ((ALGORITHMS as readonly string[]).includes(algo)) settings.algorithm = algo as UrlSettings['algorithm'];
    else problems.push(`algo: must be one of ${ALGORITHMS.join(', ')}, got "${algo}"`);
  }
  const budget = params.get('budget');
  if (budget !== null) {
    const values = budget.split(/[,_]/).map((part) => (/^\d+(\.\d+)?$/.test(part.trim()) ? Number(part) : Number.NaN));
    if (values.length > 0 && values.every((v) => Number.isFinite(v) && v > 0)) settings.budgetsMs = values;
    else problems.push(`budget: must be positive milliseconds separated by '_', got "${budget}"`);
  }
  for (const [field, name] of Object.entries(INT_PARAMS) as [keyof typeof INT_PARAMS, string][]) {
    const text = params.get(name);
    if (text === null) continue;
    if (field === 'seed') {
      // Any 32-bit integer seeds the search (the panel accepts negative seeds too).
      if (/^-?\d+$/.test(text) && Math.abs(Number(text)) <= 2_147_483_648) settings.seed = Number(text);
      else problems.push(`seed: must be a whole number, got "${text}"`);
      continue;
    }
    const min = field === 'mutations' || field === 'crossovers' ? 0 : 1;
    if (/^\d+$/.test(text) && Number(text) >= min && Number(text) <= 1_000_000) settings[field] = Number(text);
    else problems.push(`${name}: must be a whole number from ${min}, got "${text}"`);
  }
  const mprob = params.get('mprob');
  if (mprob !== null) {
    const value = /^(0(\.\d+)?|1(\.0+)?)$/.test(mprob) ? Number(mprob) : Number.NaN;
    if (Number.isFinite(value)) settings.mutationProb = value;
    else problems.push(`mprob: must be a probability from 0 to 1, got "${mprob}"`);
  }
  const conf = params.get('conf');
  if (conf !== null) {
    const value = /^0?\.\d+$/.test(conf) ? Number(conf) : Number.NaN;
    if (value >= 0.5 && value < 1) settings.latencyConfidence = value;
    else problems.push(`conf: must be a confidence from 0.5 to below 1, got "${conf}"`);
  }

  let selected: SubTransformerConfig | null = null;
  const configText = params.get('config');
  if (configText !== null) {
    const config = configFromKey(configText);
    const spaceName = settings.space ?? 'hat-wmt';
    const configProblems = config ? validateConfig(config, builtinSpace(spaceName)!) : [];
    if (!config) problems.push('config: not a SubTransformer (expected 10 fields separated by "_")');
    else if (configProblems.length > 0)
      problems.push(`config: not in ${spaceName}: ${formatProblems(configProblems).replaceAll('\n', '; ')}`);
    else selected = config;
  }
  return { settings, selected, problems };
}
