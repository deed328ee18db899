/**
 * A seeded pseudo-random generator that gives the same stream in every JavaScript engine:
 * it uses only 32-bit integer arithmetic (Math.imul, >>>), never Math.random or float tricks.
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded through splitmix32.
 */
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1), 32 bits of resolution. */
  nextFloat(): number;
  /** Uniform integer in [0, bound), unbiased. */
  nextInt(bound: number): number;
  /** A uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** The generator's state, so a run can be checkpointed and resumed. */
  state(): [number, number, number, number];
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number, restoredState?: readonly number[]): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let a: number, b: number, c: number, d: number;
  if (restoredState) {
    [a, b, c, d] = restoredState.map((x) => x >>> 0) as [number, number, number, number];
  } else {
    const mix = splitmix32(seed);
    a = mix();
    b = mix();
    c = mix();
    d = mix();
  }
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  if (!restoredState) for (let i = 0; i < 12; i++) nextUint32();
  const nextInt = (bound: number): number => {
    if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 32) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
    }
    // Rejection sampling removes the modulo bias of small ranges.
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % bound;
    }
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 2 ** 32,
    nextInt,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[nextInt(items.length)] as T;
    },
    state: () => [a, b, c, d],
  };
}
