import type { HatModelRef } from '../protocol/validation';
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

/** What the app calls its shipped SuperTransformer. */
export const DEMO_MODEL_NAME = 'HAT Explorer’s demo SuperTransformer';

const kindOf = (meta: object): unknown => (meta as { kind?: unknown }).kind;
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
 * corpus, or at another width, is described as it is, with no sentence to update by hand. An imported HAT
 * checkpoint is named by its file, architecture, language pair and the validation set it scores on.
 */
export function describeAccuracyModel(meta: SuperTransformerMeta | HatModelRef): AccuracyModelDescription {
  if (meta.kind === 'hat') {
    return {
      name: `HAT’s SuperTransformer ${meta.fileName}`,
      training: `${meta.arch}, ${meta.task}, ${count(meta.sentences)} validation sentences, ${count(meta.tokens)} target tokens`,
      caveat: 'HAT’s own trained weights',
    };
  }
  const width = formatWidthScale(meta.widthScale);
  const { data } = meta;
  return {
    // A header of another kind (read as JSON, so not bound by the type) is named by its kind.
    name: meta.kind === 'hat-explorer-supertransformer' ? DEMO_MODEL_NAME : String(kindOf(meta)),
    training: data ? `${width}, trained on ${count(data.trainPairs)} pairs of the ${corpusName(data.source)}` : width,
    caveat: 'it ranks configs, its losses are not WMT translation quality',
  };
}

/** The model that scored a config, in one phrase for an exported file's comment. */
export function scoredByPhrase(model: HatModelRef | undefined): string {
  if (!model) return 'HAT Explorer’s shipped demo SuperTransformer (a width-1/4 proxy)';
  return `HAT checkpoint ${model.fileName} (${model.arch}, ${model.task}, ${count(model.sentences)} validation sentences)`;
}
