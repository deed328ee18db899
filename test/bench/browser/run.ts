import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { predictorToJson } from '../../../src/core/latency/json';
import { predictedLatencyRange } from '../../../src/app/search-budgets';
import { CHROMIUM_PATH } from '../../e2e/browser';
import { machineLoad, type MachineLoad } from '../machine-load';
import { raspberryPiPredictor } from '../search-model.bench';
import type { BrowserBenchConfig, PageResult } from './bench-types';
import { benchTable, threadRatios } from './report';

/**
 * `npm run bench:browser -- --backend wasm|webgpu [--out result.json]`: builds the app with the bench page, serves it
 * cross-origin isolated, and runs in headless Chromium, on the chosen backend, one layout after another (workers x
 * WASM threads): validation of hat-wmt's largest and smallest SubTransformers against the same layout's matmul rate,
 * HAT's latency protocol on the two extremes, and a search of fixed size. Prints one table; --out writes it as JSON.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const OUT_DIR = 'dist-bench';
const BENCH_PAGE = 'test/bench/browser/index.html';

const BASE_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking'];
/** The usual flags for WebGPU on a real GPU under Linux (Vulkan through ANGLE). */
const HARDWARE_GPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan,VulkanFromANGLE',
  '--use-angle=vulkan',
  '--ignore-gpu-blocklist',
  '--enable-gpu',
];
/** No GPU: WebGPU on SwiftShader, Vulkan's software rasteriser (what the e2e tests use). */
const SWIFTSHADER_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    out: { type: 'string' },
    gpu: { type: 'string', default: 'auto' },
    layouts: { type: 'string' },
    'valid-pairs': { type: 'string' },
    runs: { type: 'string' },
    'search-population': { type: 'string' },
    'search-iterations': { type: 'string' },
    'measure-space': { type: 'string' },
    'measure-latiter': { type: 'string' },
    'measure-dry-runs': { type: 'string' },
    'measure-vocab': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

const wholeNumber = (flag: string, min = 0): number | undefined => {
  const text = values[flag as keyof typeof values] as string | undefined;
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) fail(`--${flag} must be a whole number of at least ${min}`);
  return Number(text);
};

const backend = values.backend;
if (backend !== 'wasm' && backend !== 'webgpu') fail('--backend must be wasm or webgpu');
if (!['auto', 'hardware', 'swiftshader'].includes(values.gpu!)) fail('--gpu must be auto, hardware or swiftshader');

function parseLayouts(text: string): Array<[number, number]> {
  return text.split(',').map((part) => {
    const match = /^(\d+)x(\d+)$/.exec(part.trim());
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) fail(`--layouts takes workers x threads, like 1x1,2x1`);
    return [Number(match[1]), Number(match[2])];
  });
}

async function buildAndServe(): Promise<{ server: PreviewServer; pageUrl: string }> {
  process.stderr.write('building the app with the bench page…\n');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: repoRoot,
      logLevel: 'warn',
      build: {
        outDir: OUT_DIR,
        emptyOutDir: true,
        rollupOptions: { input: { app: `${repoRoot}index.html`, bench: `${repoRoot}${BENCH_PAGE}` } },
      },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({
    root: repoRoot,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  return { server, pageUrl: `http://127.0.0.1:${address.port}/${BENCH_PAGE}` };
}

interface Launched {
  browser: Browser;
  gpuArgs: string[];
  adapter: PageResult['adapter'];
}

/** Chromium with the real GPU's flags; on --gpu auto, SwiftShader when no hardware adapter answers. */
async function launch(pageUrl: string): Promise<Launched> {
  const tries =
    values.gpu === 'swiftshader'
      ? [SWIFTSHADER_ARGS]
      : values.gpu === 'hardware'
        ? [HARDWARE_GPU_ARGS]
        : [HARDWARE_GPU_ARGS, SWIFTSHADER_ARGS];
  for (const gpuArgs of tries) {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...BASE_ARGS, ...gpuArgs],
    });
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const adapter = await page.evaluate(async () => {
      const gpu = (
        navigator as {
          gpu?: { requestAdapter(): Promise<{ info?: Record<string, string>; isFallbackAdapter?: boolean } | null> };
        }
      ).gpu;
      const found = await gpu?.requestAdapter().catch(() => null);
      if (!found) return null;
      const info = found.info ?? {};
      const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
      return {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        device: info.device ?? '',
        description: info.description ?? '',
        software: Boolean(found.isFallbackAdapter || /swiftshader/i.test(text)),
      };
    });
    await page.close();
    const last = gpuArgs === tries[tries.length - 1];
    if (backend === 'wasm' || (adapter && (!adapter.software || last)) || last) return { browser, gpuArgs, adapter };
    await browser.close();
  }
  throw new Error('unreachable');
}

const started = new Date().toISOString();
const loadBefore: MachineLoad = machineLoad();
const { predictor } = await raspberryPiPredictor();
const range = predictedLatencyRange(predictor, 'hat-wmt')!;
const { server, pageUrl } = await buildAndServe();
let exitCode = 0;
try {
  const { browser, gpuArgs, adapter } = await launch(pageUrl);
  // A software GPU runs two orders of magnitude below WASM: size the webgpu run so it finishes there; the defaults
  // suit a real GPU. Every setting is printed with the table.
  const small = backend === 'webgpu' && (adapter?.software ?? true);
  const vocab = wholeNumber('measure-vocab', 8) ?? (small ? 64 : undefined);
  const cores = Math.max(2, loadBefore.cores);
  const config: BrowserBenchConfig = {
    backend,
    layouts: parseLayouts(values.layouts ?? (backend === 'wasm' ? `1x1,1x${cores},${cores}x1` : '1x1')),
    validPairs: wholeNumber('valid-pairs', 1) ?? (small ? 4 : undefined),
    validationRuns: wholeNumber('runs', 1) ?? (small ? 1 : 5),
    matmulSize: small ? 128 : 512,
    measure: {
      space: values['measure-space'] ?? 'hat-wmt',
      settings: {
        latIter: wholeNumber('measure-latiter', 2) ?? (small ? 2 : 20),
        dryRuns: wholeNumber('measure-dry-runs', 0) ?? (small ? 0 : 5),
        ...(vocab !== undefined ? { vocabSize: vocab } : {}),
      },
    },
    search: {
      population: wholeNumber('search-population', 0) ?? (small ? 4 : 20),
      iterations: wholeNumber('search-iterations', 1) ?? (small ? 1 : 3),
      budgetMs: Math.round(range.medianMs),
    },
    predictorJson: predictorToJson(predictor),
  };
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.text().startsWith('[bench]')) process.stderr.write(`${message.text()}\n`);
  });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(pageUrl);
  page.setDefaultTimeout(0);
  const result = (await page.evaluate(
    (c) => (globalThis as unknown as { runBench(c: unknown): Promise<unknown> }).runBench(c),
    config,
  )) as PageResult;
  await browser.close();
  const loadAfter = machineLoad();
  const report = {
    command: `npm run bench:browser -- ${process.argv.slice(2).join(' ')}`.trim(),
    started,
    finished: new Date().toISOString(),
    chromiumArgs: gpuArgs,
    gpu:
      backend === 'webgpu'
        ? adapter
          ? adapter.software
            ? 'software (SwiftShader)'
            : 'hardware'
          : 'none'
        : 'not used',
    loadBefore,
    loadAfter,
    settings: {
      ...config,
      predictorJson: `Raspberry Pi predictor (seed 1), ${config.predictorJson.length} characters`,
    },
    result,
    ratios: threadRatios(result),
  };
  console.log(benchTable(report));
  if (values.out) {
    await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`wrote ${values.out}\n`);
  }
} catch (error) {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  exitCode = 1;
} finally {
  await server.close();
}
process.exit(exitCode);
