/**
 * How well a proxy's losses (inherited from a SuperTransformer) order SubTransformers as training each from scratch
 * does: the bookkeeping of `scripts/train/proxy-check.ts`, pure so it can be tested. Lower loss is better.
 */

/** One logged turn of a from-scratch model: tokens seen so far and its validation loss then. */
export interface ScratchRound {
  config: string;
  tokens: number;
  validLoss: number;
}

/**
 * The from-scratch loss of every config after `round` turns of `roundTokens` tokens. A turn ends at the first update
 * past a multiple of roundTokens, so a model has finished floor(tokens / roundTokens) turns; the last log entry for a
 * turn wins (a resumed turn is logged again).
 */
export function scratchLossesAt(rounds: readonly ScratchRound[], roundTokens: number) {
  const turnOf = (tokens: number) => Math.floor(tokens / roundTokens);
  const configs = [...new Set(rounds.map((r) => r.config))];
  const reached = Math.min(
    ...configs.map((name) => Math.max(0, ...rounds.filter((r) => r.config === name).map((r) => turnOf(r.tokens)))),
  );
  const entry = (name: string, round: number): ScratchRound => {
    const found = rounds.filter((r) => r.config === name && turnOf(r.tokens) === round).at(-1);
    if (found === undefined) throw new RangeError(`${name} has no logged loss after turn ${round}`);
    return found;
  };
  return { configs, reached, entry };
}

export interface ProxyRow {
  name: string;
  params: number;
  inherited: number;
  scratch: number;
}

/** For each pair: whether the proxy orders it as from-scratch training does (a tie agrees only with a tie). */
export function pairOrders(rows: readonly ProxyRow[], pairs: ReadonlyArray<readonly [string, string]>) {
  const row = (name: string): ProxyRow => {
    const found = rows.find((r) => r.name === name);
    if (found === undefined) throw new RangeError(`no row for ${name}`);
    return found;
  };
  return pairs.map(([a, b]) => {
    const ra = row(a);
    const rb = row(b);
    return {
      pair: [a, b] as [string, string],
      paramsRatio: +(ra.params / rb.params).toFixed(4),
      inheritedDiff: +(ra.inherited - rb.inherited).toFixed(4),
      scratchDiff: +(ra.scratch - rb.scratch).toFixed(4),
      agree: Math.sign(ra.inherited - rb.inherited) === Math.sign(ra.scratch - rb.scratch),
    };
  });
}
