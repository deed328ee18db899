/**
 * The same pairs with each source taken from the pair `offset` places on (wrapping). A model scores these worse than
 * the real pairs only if it reads the source; the loss difference is the "source gap" the training scripts log.
 * Pure.
 */
export function withOtherSources<P, K extends keyof P>(pairs: readonly P[], sourceKey: K, offset = 7): P[] {
  return pairs.map((pair, i) => ({ ...pair, [sourceKey]: pairs[(i + offset) % pairs.length]![sourceKey] }));
}
