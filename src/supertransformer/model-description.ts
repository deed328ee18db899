import type { SuperTransformerMeta } from './model-meta';

/** Where a SuperTransformer's scores come from, in words, for the line beside the search chart. */
export interface AccuracyModelDescription {
  /** "HAT Explorer's demo SuperTransformer" */
  name: string;
  /** "width 1/4, trained on 375,059 pairs of the Ding dictionary via Debian trans-de-en" */
  training: string;
  /** What its losses are not, so nobody reads them as something else. */
  caveat: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** 0.25 → "1/4"; a scale that is no unit fraction as a number. */
export function formatWidthScale(scale: number): string {
  const inverse = 1 / scale;
  return scale === 1 ? 'full width' : Number.isInteger(inverse) ? `width 1/${inverse}` : `width × ${scale}`;
}

/** The corpus as the data record names it, without the command that builds it ("… (npm run data)"). */
const corpusName = (source: string): string => source.replace(/\s*\((?:npm run|npx|node)\b[^)]*\)\s*$/, '');

/**
 * Says which SuperTransformer scored the points, from the weight file's own record: a model retrained on another
 * corpus, or at another width, is described as it is, with no sentence to update by hand.
 */
export function describeAccuracyModel(meta: SuperTransformerMeta): AccuracyModelDescription {
  const width = formatWidthScale(meta.widthScale);
  const { data } = meta;
  return {
    name: meta.kind === 'hat-explorer-supertransformer' ? 'HAT Explorer’s demo SuperTransformer' : meta.kind,
    training: data ? `${width}, trained on ${count(data.trainPairs)} pairs of the ${corpusName(data.source)}` : width,
    caveat: 'it ranks configs, its losses are not WMT translation quality',
  };
}
