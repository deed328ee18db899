/** Raised when rejection sampling cannot find enough candidates meeting the latency constraint. */
export class LatencyConstraintError extends Error {
  constructor(
    readonly maxLatencyMs: number,
    /** The smallest predicted latency among the candidates tried, milliseconds. */
    readonly smallestLatencyMs: number,
    readonly candidatesTried: number,
    /** What the engine was doing: sampling the initial population, mutating, crossing over. */
    readonly stage: string,
    /** The budget rule's confidence (null: the point prediction). */
    readonly confidence: number | null = null,
  ) {
    const what = confidence === null ? 'predicted latency' : `${confidence * 100} % upper bound`;
    super(
      `no SubTransformer met the latency constraint of ${maxLatencyMs} ms while ${stage}: ` +
        `${candidatesTried} candidates tried, the smallest ${what} was ${smallestLatencyMs.toFixed(2)} ms`,
    );
    this.name = 'LatencyConstraintError';
  }
}

/** Refuses a checkpoint written by another engine (a sweep's, say, handed to a single search). */
export function checkKind(kind: unknown, expected: string): void {
  if (kind !== expected) throw new TypeError(`expected a ${expected} checkpoint, got ${String(kind)}`);
}

/** Raised when an objective returns the wrong number of values or a value that is not a finite number. */
export class ObjectiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectiveError';
  }
}
