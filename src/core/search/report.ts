import type { SearchMemo } from './memo';
import { paretoFront } from './pareto';
import type { EvaluatedPoint, GenerationReport } from './types';

/** The (validation loss, latency) front of evaluated points, by increasing latency. */
export const lossLatencyFront = (points: readonly EvaluatedPoint[]): EvaluatedPoint[] =>
  paretoFront(points, (p) => [p.latencyMs, p.validLoss]);

/** Lowest loss first; the earlier point wins a tie, so the order never depends on sort stability. */
export function bestPoint(points: readonly EvaluatedPoint[]): EvaluatedPoint | undefined {
  let best: EvaluatedPoint | undefined;
  for (const point of points) if (!best || point.validLoss < best.validLoss) best = point;
  return best;
}

export function generationReport(
  memo: SearchMemo,
  generation: number,
  generations: number,
  best: EvaluatedPoint,
  done: boolean,
): GenerationReport {
  const points = memo.points().slice();
  return { generation, generations, points, front: memo.front().slice(), best, counts: memo.counts(), done };
}
