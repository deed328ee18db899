import { writeFile } from 'node:fs/promises';
import { readLatencyCsv } from '../core/dataset';
import { validateConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import { configFeatures } from '../core/features';
import { datasetSha256 } from '../core/latency/hash';
import { deviceFromFileName } from '../core/latency/device';
import { parsePredictorJson, predictorToJson } from '../core/latency/json';
import { trainCostPredictor } from '../core/latency/cost-train';
import { predictLatencyBounds, predictLatencyMs } from '../core/latency/predictor';
import { DEFAULT_SPLIT_SEED } from '../core/latency/split';
import { formatProblems } from '../core/result';
import { CliError } from './errors';
import { openFileBlob, readTextFile } from './io';
import { resolveSpace } from './stats';

const oneLine = (text: string): string => text.replaceAll('\n', '; ');

export function parseSeed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SPLIT_SEED;
  if (!/^\d+$/.test(text) || Number(text) > 2 ** 31 - 1) {
    throw new CliError(`--seed must be a whole number from 0 to 2147483647, got "${text}"`);
  }
  return Number(text);
}

/** `predictor train`: prints one JSON line of test metrics and writes the predictor file. */
export async function runPredictorTrain(
  options: { file: string; out: string; seed: string | undefined },
  print: (line: string) => void,
): Promise<void> {
  const seed = parseSeed(options.seed);
  const parsed = await readLatencyCsv(await openFileBlob(options.file));
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    const where = first.column === undefined ? `${first.line}` : `${first.line}:${first.column}`;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more; see \`dataset check\`)` : '';
    throw new CliError(`${options.file}:${where}: ${first.message}${more}`, 1);
  }
  if (parsed.rows.length < 10)
    throw new CliError(`${options.file}: ${parsed.rows.length} rows; a predictor needs at least 10`, 1);
  const { predictor, intervalNote } = trainCostPredictor({
    rows: parsed.rows,
    seed,
    datasetName: options.file.replace(/^.*[\\/]/, ''),
    device: deviceFromFileName(options.file),
    datasetSha256: await datasetSha256(parsed.rows),
  });
  try {
    await writeFile(options.out, `${predictorToJson(predictor)}\n`);
  } catch (error) {
    throw new CliError(`${options.out}: cannot write (${(error as Error).message})`);
  }
  const { metrics, outliers, intervalTest, ...rest } = predictor.provenance;
  print(
    JSON.stringify({
      out: options.out,
      dataset: rest.datasetName,
      device: rest.device,
      datasetSha256: rest.datasetSha256,
      seed,
      split: rest.split,
      test: metrics.test,
      linearTest: metrics.linearTest,
      intervalTest: intervalTest ?? null,
      ...(intervalNote ? { intervalNote } : {}),
      outlierRows: outliers?.count ?? null,
      trainingMs: rest.trainingMs,
    }),
  );
}

/**
 * `predictor predict`: predicted total latency (ms) of each config, one line per file, with the 90 % interval
 * (`latencyMsLow`, `latencyMsHigh` in JSON) when the predictor has one.
 */
export async function runPredictorPredict(
  options: { predictor: string; json: boolean; space: string | undefined; files: string[] },
  print: (line: string) => void,
): Promise<void> {
  if (options.files.length === 0) throw new CliError('predictor predict needs at least one config file');
  const loaded = parsePredictorJson(await readTextFile(options.predictor));
  if (!loaded.ok)
    throw new CliError(`${options.predictor}: not a latency predictor: ${oneLine(formatProblems(loaded.problems))}`);
  const space = options.space === undefined ? undefined : await resolveSpace(options.space);
  const features = [];
  for (const file of options.files) {
    const parsed = parseConfigText(await readTextFile(file));
    if (!parsed.ok) throw new CliError(`${file}: ${oneLine(formatProblems(parsed.problems))}`);
    if (space) {
      const problems = validateConfig(parsed.value, space);
      if (problems.length > 0)
        throw new CliError(`${file}: not in space ${space.name}: ${oneLine(formatProblems(problems))}`);
    }
    try {
      features.push(configFeatures(parsed.value));
    } catch (error) {
      throw new CliError(`${file}: ${(error as Error).message}`);
    }
  }
  // One batch call for all configs: the same path the search uses for a population.
  const latencies = predictLatencyMs(loaded.value, features);
  const bounds = predictLatencyBounds(loaded.value, features);
  options.files.forEach((file, i) => {
    const latencyMs = latencies[i]!;
    const interval = bounds ? { latencyMsLow: bounds.lowMs[i]!, latencyMsHigh: bounds.highMs[i]! } : {};
    const text = bounds
      ? `${file}: ${latencyMs.toFixed(1)} ms (90 % interval ${interval.latencyMsLow!.toFixed(1)}–${interval.latencyMsHigh!.toFixed(1)} ms)`
      : `${file}: ${latencyMs.toFixed(1)} ms (no interval: a version-1 predictor)`;
    print(options.json ? JSON.stringify({ file, latencyMs, ...interval }) : text);
  });
}
