/**
 * The sentence both translate boxes start with: German of the shipped model's domain (software help and user
 * interfaces) that is not in its training data, with the reference the model card scores its translation against
 * (`npm run model-card` reports it under "the translate box's default").
 */
export const DEFAULT_TRANSLATE_EXAMPLE = {
  de: 'Ich habe heute keine Zeit.',
  en: "I don't have time today.",
};
