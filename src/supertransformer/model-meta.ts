import type { SuperDims } from './dims';

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
