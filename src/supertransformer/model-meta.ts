import type { SuperDims } from './dims';

/** The shipped model's header and card, relative to the app's base URL (or to public/ in Node). */
export const SHIPPED_MODEL_HEADER = 'model/model.json';
export const SHIPPED_MODEL_CARD = 'model/MODEL_CARD.md';

/** What a SuperTransformer weight file records about itself (the header's `meta`). */
export interface SuperTransformerMeta {
  kind: 'hat-explorer-supertransformer';
  dims: SuperDims;
  /** Every embed and FFN dim (and qkv) of a HAT config is multiplied by this to run on these weights. */
  widthScale: number;
  /** Search spaces every config of which runs on these weights. */
  spaces: string[];
  tokenizer: { path: string; sha256: string; vocabSize: number };
  data: { source: string; domain?: string; trainPairs: number; trainSha256: string; licence: string };
  training: Record<string, unknown>;
  metrics?: Record<string, unknown>;
}

/** Updates the shipped weights were trained for (the training script records `steps` in the header). */
export function trainingStepsOf(meta: SuperTransformerMeta): number {
  const steps = meta.training['steps'];
  return typeof steps === 'number' && Number.isFinite(steps) ? steps : 0;
}
