export interface Timing {
  name: string;
  /** Median wall time of one run, milliseconds. */
  medianMs: number;
  runs: number;
}

/** Runs `work` until `minTimeMs` has passed (and at least `minRuns` times) and reports the median run. */
export async function time(name: string, work: () => unknown, minTimeMs = 1500, minRuns = 5): Promise<Timing> {
  await work(); // warm-up: JIT and caches
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { name, medianMs: samples[Math.floor(samples.length / 2)] as number, runs: samples.length };
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n## ${title}\n`);
  const columns = Object.keys(rows[0] ?? {});
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`| ${columns.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${columns.map((c) => row[c]).join(' | ')} |`);
}
