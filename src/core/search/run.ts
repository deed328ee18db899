import type { GenerationReport, SearchEngine } from './types';

/**
 * Steps an engine to the end, yielding each generation's report. A consumer that stops iterating (cancel) or
 * pauses between reports leaves the engine at a generation boundary, where checkpoint() captures all of it.
 */
export async function* runSearch<R extends GenerationReport>(engine: {
  readonly done: boolean;
  init(): Promise<void>;
  step(): Promise<R>;
}): AsyncGenerator<R, void, undefined> {
  await engine.init();
  while (!engine.done) yield await engine.step();
}

/** Runs an engine to the end and returns its last report. */
export async function runToEnd<R extends GenerationReport>(
  engine: SearchEngine<unknown> & { step(): Promise<R> },
): Promise<R> {
  let last: R | undefined;
  for await (const report of runSearch(engine)) last = report;
  if (!last) throw new Error('the search had nothing to do');
  return last;
}
