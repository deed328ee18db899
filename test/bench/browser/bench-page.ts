import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { largestConfig, smallestConfig } from '../../../src/core/config';
import { hatProportions } from '../../../src/core/search/settings';
import { builtinSpace } from '../../../src/core/space';
import type { SearchReportMessage, SearchWorkerApi } from '../../../src/protocol/search';
import type { BackendName } from '../../../src/tfjs/backend-names';
import { ValidationPool } from '../../../src/supertransformer/validation-pool';
import type { BenchWorkerApi, ExtremeLatency } from './bench.worker';
import type { BrowserBenchConfig, LayoutResult, PageResult } from './bench-types';

/** Progress lines for the runner, which prints them as they come. */
const log = (line: string): void => console.log(`[bench] ${line}`);

/** Median of `runs` calls of `work` after one warm-up call, ms. */
async function medianMs(work: () => Promise<unknown>, runs: number): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

interface BenchWorkers {
  remotes: Array<Remote<BenchWorkerApi>>;
  close(): void;
}

function startWorkers(count: number): BenchWorkers {
  const raw = Array.from(
    { length: count },
    (_, i) => new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${i + 1}` }),
  );
  const remotes = raw.map((worker) => wrap<BenchWorkerApi>(worker));
  return {
    remotes,
    close() {
      remotes.forEach((remote) => remote[releaseProxy]());
      raw.forEach((worker) => worker.terminate());
    },
  };
}

/** The app's search worker on the bench's validation workers, one search of fixed size; wall time and counts. */
async function runSearch(
  config: BrowserBenchConfig,
  remotes: Array<Remote<BenchWorkerApi>>,
  layoutKey: string,
): Promise<LayoutResult['search']> {
  const search = wrap<SearchWorkerApi>(
    new Worker(new URL('../../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }),
  );
  const ports = await Promise.all(
    remotes.map(async (remote) => {
      const channel = new MessageChannel();
      await remote.connectPort(transfer(channel.port1, [channel.port1]));
      return channel.port2;
    }),
  );
  await search.connectValidation(transfer(ports, ports), {
    backend: config.backend,
    baseUrl: new URL('/', location.href).href,
    maxValidPairs: config.validPairs,
    wasmThreads: config.currentThreads,
  });
  const { population, iterations } = config.search;
  const t0 = performance.now();
  const final: SearchReportMessage = await search.start(
    {
      runId: `bench-${layoutKey}-${Date.now()}`,
      settings: {
        space: 'hat-wmt',
        profileId: null,
        algorithm: 'hat',
        budgetsMs: [config.search.budgetMs],
        ...hatProportions(population),
        iterations,
        mutationProb: 0.3,
        seed: 1,
      },
      predictorId: 'bench',
      predictorJson: config.predictorJson,
    },
    proxy({
      onReport: (report: SearchReportMessage) => {
        if (report.status === 'running')
          log(`search ${layoutKey}: generation ${report.generation}/${report.generations}`);
      },
    }),
  );
  const wallMs = performance.now() - t0;
  search[releaseProxy]();
  if (final.status !== 'done') throw new Error(`the search ended ${final.status}: ${final.message ?? ''}`);
  return {
    wallMs,
    validationMs: final.timing.validationMs,
    uniqueValidations: final.counts.uniqueValidations,
    msPerValidation: final.timing.validationMs / Math.max(1, final.counts.uniqueValidations),
    bestLoss: final.best?.validLoss ?? null,
  };
}

/** One layout: `workers` bench workers of `threads` WASM threads on the configured backend. */
async function benchLayout(config: BrowserBenchConfig, workers: number, threads: number): Promise<LayoutResult> {
  const key = `${workers}x${threads}`;
  const { remotes, close } = startWorkers(workers);
  try {
    log(`${key}: starting ${config.backend}`);
    await Promise.all(remotes.map((remote) => remote.activate(config.backend as BackendName, threads)));
    const infos = await Promise.all(
      remotes.map((remote) =>
        remote.load({
          backend: config.backend as BackendName,
          baseUrl: new URL('/', location.href).href,
          maxValidPairs: config.validPairs,
          wasmThreads: threads,
        }),
      ),
    );
    const info = infos[0]!;
    log(`${key}: model loaded, ${info.threadsPerWorker} thread(s) per worker`);
    const pool = new ValidationPool(remotes);
    const space = builtinSpace('hat-wmt')!;
    const facts = await remotes[0]!.modelFacts([largestConfig(space), smallestConfig(space)]);
    const validation: LayoutResult['validation'] = [];
    for (const [name, subnet] of [
      ['largest', largestConfig(space)],
      ['smallest', smallestConfig(space)],
    ] as const) {
      let job = 1;
      const ms = await medianMs(() => pool.validateBatch(job++, [subnet]), config.validationRuns);
      const flops = facts.flops[name === 'largest' ? 0 : 1]!;
      validation.push({
        config: name,
        ms,
        gflop: flops / 1e9,
        modelGflops: flops / (ms / 1000) / 1e9,
        ratioToMatmul: 0,
      });
      log(`${key}: ${name} ${ms.toFixed(0)} ms`);
    }
    // Every worker's dense matmul rate at once: what the layout can do at best. Taken after the validations, once
    // Chromium has tiered the WASM code up (a fresh worker's first second runs its baseline compiler's code).
    const rates = await Promise.all(remotes.map((remote) => remote.matmulGflops(config.matmulSize)));
    const matmulGflops = rates.reduce((sum, rate) => sum + rate, 0);
    for (const timing of validation) timing.ratioToMatmul = timing.modelGflops / matmulGflops;
    let measurement: ExtremeLatency[] | null = null;
    if (config.measure && workers === 1) {
      log(`${key}: measuring the extremes of ${config.measure.space}`);
      measurement = await remotes[0]!.measureExtremes(config.measure.space, config.measure.settings);
    }
    const search =
      config.search.population > 0 ? await runSearch({ ...config, currentThreads: threads }, remotes, key) : null;
    return {
      layout: key,
      workers,
      threadsPerWorker: info.threadsPerWorker,
      threadsNotice: info.threadsNotice,
      backend: info.backend,
      matmulGflops,
      validation,
      padding: facts.padding,
      batches: facts.batches,
      validTokens: info.validTokens,
      validPairs: info.validPairs,
      measurement,
      search,
    };
  } finally {
    close();
  }
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

async function adapterInfo(): Promise<PageResult['adapter']> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader/i.test(text)),
  };
}

/** Runs every configured layout in turn (never two at once, so they do not compete for cores). */
async function runBench(config: BrowserBenchConfig): Promise<PageResult> {
  const layouts: LayoutResult[] = [];
  for (const [workers, threads] of config.layouts) layouts.push(await benchLayout(config, workers, threads));
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    adapter: await adapterInfo(),
    layouts,
  };
}

(globalThis as { runBench?: typeof runBench }).runBench = runBench;
