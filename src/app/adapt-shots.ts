import { DEFAULT_SPLIT_SEED, splitIndices } from '../core/latency/split';

/** Fewest shots the leave-one-out rule can compare methods on (the refit needs 5). */
export const MIN_SHOTS = 5;

/** k values offered: 10, 20 and 50 where the profile's training split has them, else all of its training rows. */
export function adaptShotCounts(trainingRows: number): number[] {
  const standard = [10, 20, 50].filter((k) => k <= trainingRows);
  return standard.length > 0 || trainingRows < MIN_SHOTS ? standard : [trainingRows];
}

/** The smallest profile whose split leaves MIN_SHOTS training rows and a test row: what "Measure" should aim for. */
export const MIN_ROWS_TO_ADAPT = ((): number => {
  for (let n = MIN_SHOTS; ; n++) {
    const split = splitIndices(n, DEFAULT_SPLIT_SEED);
    if (split.train.length >= MIN_SHOTS && split.test.length > 0) return n;
  }
})();
