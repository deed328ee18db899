import { writeFile } from 'node:fs/promises';
import { availableParallelism, arch, cpus, platform } from 'node:os';
import { parseArgs } from 'node:util';
import { writeLatencyCsv } from '../core/dataset/write';
import {
  defaultMeasureSettings,
  measurementSidecar,
  measureSettingsProblem,
  referenceDrifts,
  sampleRows,
  type MeasureDevice,
  type MeasuredItem,
  type MeasureRunSpec,
} from '../core/latency/measure-plan';
import { BUILTIN_SPACE_NAMES, builtinSpace } from '../core/space';
import { CliError } from './errors';
import { parseSeed } from './predictor';
import { parseThreads } from './threads';

export const MEASURE_USAGE = `  measure --space <name> --count N --out <file.csv> [--backend wasm|cpu] [--threads N] [--seed N]
          [--latiter N] [--dry-runs N] [--vocab N] [--reference-every N]`;

/** Where the JSON sidecar of `out` goes: `x.csv` -> `x.measure.json`. */
export const sidecarPathFor = (csvPath: string): string => `${csvPath.replace(/\.csv$/i, '')}.measure.json`;

function positiveInt(flag: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new CliError(`--${flag} must be a whole number of at least ${min}, got "${text}"`);
  }
  return Number(text);
}

function nodeDevice(backend: string, threads: number): MeasureDevice {
  const cpu = cpus()[0]?.model?.trim();
  return {
    userAgent: `Node.js ${process.version} (${platform()} ${arch()}${cpu ? `; ${cpu}` : ''})`,
    backend,
    hardwareConcurrency: availableParallelism(),
    threads,
  };
}

/**
 * `measure`: HAT's latency protocol in Node with the code the app's worker runs. The CSV (and its sidecar) is
 * rewritten after every row, so an interrupted run keeps what it measured. Progress goes to stderr; one JSON line to
 * stdout at the end.
 */
export async function runMeasureCommand(
  args: string[],
  print: (line: string) => void,
  printProgress: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      space: { type: 'string' },
      count: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      out: { type: 'string' },
      seed: { type: 'string' },
      latiter: { type: 'string' },
      'dry-runs': { type: 'string' },
      vocab: { type: 'string' },
      'reference-every': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new CliError(`measure takes no positional arguments, got "${positionals[0]}"`);
  const space = builtinSpace(values.space ?? '');
  if (!space) throw new CliError(`measure needs --space, one of ${BUILTIN_SPACE_NAMES.join(', ')}`);
  if (values.count === undefined) throw new CliError('measure needs --count N');
  if (!values.out) throw new CliError('measure needs --out <file.csv>');
  const backend = values.backend;
  if (backend !== 'wasm' && backend !== 'cpu') throw new CliError(`--backend must be wasm or cpu, got "${backend}"`);
  const defaults = defaultMeasureSettings(space);
  const settings = {
    ...defaults,
    latIter: positiveInt('latiter', values.latiter, defaults.latIter, 2),
    dryRuns: positiveInt('dry-runs', values['dry-runs'], defaults.dryRuns, 0),
    vocabSize: positiveInt('vocab', values.vocab, defaults.vocabSize, 8),
    referenceEvery: positiveInt('reference-every', values['reference-every'], defaults.referenceEvery),
    threads: parseThreads(values.threads),
  };
  const problem = measureSettingsProblem(settings);
  if (problem) throw new CliError(problem);
  const spec: MeasureRunSpec = {
    space: space.name,
    backend,
    count: positiveInt('count', values.count, 1),
    seed: parseSeed(values.seed),
    settings,
  };
  const out = values.out;
  const sidecar = sidecarPathFor(out);

  // tf.js loads only for this command: the others start faster without it.
  const { nodeWasmThreads, selectNodeBackend, stopNodeWasmThreads } = await import('../tfjs/node-backend');
  const { runMeasurement } = await import('../device-latency/run');
  // One process, `threads` WASM threads: the latency of a config on that many threads, as the browser measures it.
  await selectNodeBackend(backend, { threads: settings.threads });
  const device = nodeDevice(backend, nodeWasmThreads());
  const startedAt = new Date().toISOString();
  const items: MeasuredItem[] = [];
  const save = async (item: MeasuredItem): Promise<void> => {
    items.push(item);
    await writeFile(out, writeLatencyCsv(sampleRows(items)));
    const exportedAt = new Date().toISOString();
    const json = measurementSidecar(spec, device, space.defaultTokens, items, { startedAt, exportedAt });
    await writeFile(sidecar, `${JSON.stringify(json, null, 2)}\n`);
  };
  try {
    await runMeasurement({
      space,
      spec,
      done: [],
      save,
      control: () => null,
      onProgress: (p) => {
        if (!p.last) return;
        const { row } = p.last;
        const eta = p.etaMs === null ? '' : `, ETA ${(p.etaMs / 1000).toFixed(0)} s`;
        printProgress(
          `${p.last.kind} ${p.last.kind === 'sample' ? p.last.ordinal + 1 : `after ${p.last.ordinal}`}: ` +
            `encoder ${row.latencyMeanEncoderMs.toFixed(1)} ms, decoder ${row.latencyMeanDecoderMs.toFixed(1)} ms ` +
            `(${p.measured}/${p.total}${eta})`,
        );
      },
    });
  } finally {
    // A threaded backend's pthreads would keep the process alive.
    stopNodeWasmThreads();
  }
  const drift = referenceDrifts(items);
  print(
    JSON.stringify({
      out,
      sidecar,
      rows: sampleRows(items).length,
      backend,
      space: space.name,
      threads: device.threads,
      maxAbsReferenceDrift: Math.max(0, ...drift.map((d) => Math.abs(d.drift))),
    }),
  );
  return 0;
}
