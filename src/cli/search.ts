import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { configToYaml } from '../core/config-io';
import { profileNameOf, taskSpaceMismatch } from '../core/latency/device';
import { hatProportions, HAT_EVOLUTION_DEFAULTS } from '../core/search';
import { modelStats } from '../core/model-stats';
import { builtinSpace } from '../core/space';
import type { SearchReportMessage, SearchSettings } from '../protocol/search';
import { readPredictor } from '../search-runtime/objectives';
import { SearchRunner } from '../search-runtime/runner';
import { CliError } from './errors';
import { readTextFile } from './io';
import { parseSeed } from './predictor';
import { basename } from 'node:path';
import type { SubTransformerConfig } from '../core/config';
import type { SearchSpace } from '../core/space';
import { HAT_FLAGS, loadHatModel, parseMaxTokens, type HatModelOptions } from './hat-checkpoint';
import { DEFAULT_MODEL_DIR, loadPool } from './validate';
import type { NodeBackend } from './tf-node';
import { parseThreads } from './threads';

export const SEARCH_USAGE = `  search --space <name> --predictor <predictor.json> --constraint-ms X [--confidence C] [--algorithm hat|nsga2]
         [--population N] [--iterations N] [--seed N] [--model <dir>] [--backend wasm|cpu] [--threads N]
         [--valid-pairs N] --out <best.yml> [--json]
         [--checkpoint <HAT .pt> --data <fairseq dir> [--subset valid] [--max-tokens N]]  (--space defaults to the
         checkpoint's own search space)`;

export interface SearchCliOptions {
  space: string;
  predictorPath: string;
  constraintMs: number;
  /** Meet the budget with this confidence (the predictor's upper bound), or null for the point prediction. */
  confidence: number | null;
  algorithm: 'hat' | 'nsga2';
  population: number;
  iterations: number;
  seed: number;
  out: string;
  json: boolean;
  modelDir: string;
  backend: NodeBackend;
  /** Score on the first N pairs of the validation subset (quick checks); undefined = all of it, as the app does. */
  validPairs: number | undefined;
  /** Validation threads: worker threads sharing each generation's configs (the shipped model). */
  threads: number;
  /** Score on a HAT checkpoint instead of the shipped model. */
  hat: Omit<HatModelOptions, 'backend'> | null;
}

function positiveInteger(flag: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 1_000_000) {
    throw new CliError(`--${flag} must be a whole number of at least ${min}, got "${text}"`);
  }
  return Number(text);
}

/** Parses and checks every flag before anything loads, so a typo fails at once. */
export function parseSearchArgs(args: string[]): SearchCliOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      space: { type: 'string' },
      predictor: { type: 'string' },
      'constraint-ms': { type: 'string' },
      confidence: { type: 'string' },
      algorithm: { type: 'string', default: 'hat' },
      population: { type: 'string' },
      iterations: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      backend: { type: 'string', default: 'wasm' },
      'valid-pairs': { type: 'string' },
      threads: { type: 'string' },
      ...HAT_FLAGS,
    },
  });
  if ((values.checkpoint === undefined) !== (values.data === undefined)) {
    throw new CliError('--checkpoint and --data go together');
  }
  const hat = values.checkpoint
    ? {
        checkpoint: values.checkpoint,
        data: values.data!,
        subset: values.subset,
        maxTokens: parseMaxTokens(values['max-tokens']),
      }
    : null;
  if (positionals.length > 0) throw new CliError(`search takes no file arguments, got "${positionals.join(' ')}"`);
  if (!values.space && !hat) throw new CliError('search needs --space (hat-wmt, hat-iwslt or hat-wmt-latency)');
  if (values.space && !builtinSpace(values.space)) {
    throw new CliError(`--space must be hat-wmt, hat-iwslt or hat-wmt-latency, got "${values.space}"`);
  }
  if (!values.predictor) throw new CliError('search needs --predictor <predictor.json> (see `predictor train`)');
  const constraintText = values['constraint-ms'];
  if (constraintText === undefined) throw new CliError('search needs --constraint-ms <latency budget in ms>');
  const constraintMs = Number(constraintText);
  if (!/^\d+(\.\d+)?$/.test(constraintText) || !(constraintMs > 0)) {
    throw new CliError(`--constraint-ms must be a positive number of milliseconds, got "${constraintText}"`);
  }
  const confidenceText = values.confidence;
  const confidence = confidenceText === undefined ? null : Number(confidenceText);
  if (confidenceText !== undefined && (!/^0?\.\d+$/.test(confidenceText) || !(confidence! >= 0.5 && confidence! < 1))) {
    throw new CliError(`--confidence must be a number from 0.5 to below 1 (e.g. 0.95), got "${confidenceText}"`);
  }
  if (values.algorithm !== 'hat' && values.algorithm !== 'nsga2') {
    throw new CliError(`--algorithm must be hat or nsga2, got "${values.algorithm}"`);
  }
  if (!values.out) throw new CliError('search needs --out <best.yml>');
  if (values.backend !== 'wasm' && values.backend !== 'cpu') {
    throw new CliError(`--backend must be wasm or cpu, got "${values.backend}"`);
  }
  return {
    space: values.space ?? '',
    predictorPath: values.predictor,
    constraintMs,
    confidence,
    algorithm: values.algorithm,
    population: positiveInteger('population', values.population, HAT_EVOLUTION_DEFAULTS.population, 2),
    iterations: positiveInteger('iterations', values.iterations, HAT_EVOLUTION_DEFAULTS.iterations),
    seed: parseSeed(values.seed),
    out: values.out,
    json: values.json,
    modelDir: values.model,
    backend: values.backend,
    validPairs:
      values['valid-pairs'] === undefined ? undefined : positiveInteger('valid-pairs', values['valid-pairs'], 1),
    threads: parseThreads(values.threads),
    hat,
  };
}

/** HAT's settings at the population asked for, parents : mutations : crossovers in HAT's 1 : 2 : 2. */
export function cliSearchSettings(options: SearchCliOptions, spaceDefinition?: SearchSpace): SearchSettings {
  return {
    space: spaceDefinition?.name ?? options.space,
    ...(spaceDefinition ? { spaceDefinition } : {}),
    profileId: null,
    algorithm: options.algorithm,
    budgetsMs: [options.constraintMs],
    ...hatProportions(options.population),
    iterations: options.iterations,
    mutationProb: HAT_EVOLUTION_DEFAULTS.mutationProb,
    seed: options.seed,
    latencyConfidence: options.confidence,
  };
}

/** What the search scores configs with: the shipped model or a HAT checkpoint, named for the YAML's comment. */
interface Scorer {
  name: string;
  /** The model's own space (a checkpoint's), used when --space is not given. */
  space: SearchSpace;
  checkSpace(space: SearchSpace): void;
  validLosses(configs: readonly SubTransformerConfig[]): Promise<number[]>;
  dispose(): Promise<void>;
}

async function loadScorer(options: SearchCliOptions, printProgress: (line: string) => void): Promise<Scorer> {
  if (options.hat) {
    if (options.threads > 1) printProgress('warning: a HAT checkpoint validates on one thread; --threads is ignored');
    const hat = await loadHatModel({ ...options.hat, backend: options.backend });
    return {
      name: `HAT checkpoint ${basename(options.hat.checkpoint)} (${hat.validSentences} ${options.hat.subset} sentences)`,
      space: { ...hat.info.space, name: `checkpoint ${basename(options.hat.checkpoint)}` },
      checkSpace(space) {
        // Every config of the space must run on the checkpoint: check the space's extremes, gene by gene.
        const outside = Object.entries(space).filter(
          ([key, value]) =>
            key.endsWith('Choices') &&
            (value as number[]).some((v) => !(hat.info.space[key as keyof SearchSpace] as number[]).includes(v)),
        );
        if (outside.length > 0) {
          throw new CliError(
            `${space.name} is not inside the checkpoint's space (${outside.map(([k]) => k).join(', ')} differ)`,
          );
        }
      },
      async validLosses(configs) {
        const losses: number[] = [];
        for (const config of configs) losses.push((await hat.validate(config)).validLoss);
        return losses;
      },
      dispose: async () => hat.dispose(),
    };
  }
  const { startNodeValidationPool } = await import('./validation-threads');
  const { pool, close } = startNodeValidationPool(options.threads);
  let info;
  try {
    info = await loadPool(pool, options);
  } catch (error) {
    await close();
    throw error;
  }
  const spaces = info.spaces;
  let nextJob = 1;
  return {
    name: 'the shipped SuperTransformer',
    space: builtinSpace(options.space)!,
    checkSpace(space) {
      if (!spaces.includes(space.name)) {
        throw new CliError(`the SuperTransformer covers the spaces ${spaces.join(', ')}, not ${space.name}`);
      }
    },
    // Each generation's new configs go to the pool at once, shared by its threads.
    validLosses: async (configs) =>
      (await pool.validateBatch(nextJob++, [...configs])).map((result) => result.validLoss),
    dispose: close,
  };
}

/**
 * `search`: the app's search runtime in Node, validating on the shipped SuperTransformer (tf.js WASM) and
 * predicting latency with the predictor file; writes the best config under the constraint as HAT YAML.
 */
export async function runSearchCli(
  options: SearchCliOptions,
  print: (line: string) => void,
  printProgress: (line: string) => void,
): Promise<SearchReportMessage> {
  const predictorJson = await readTextFile(options.predictorPath);
  let provenance: { datasetName: string; device: string };
  try {
    provenance = readPredictor(predictorJson).provenance;
  } catch (error) {
    throw new CliError(`${options.predictorPath}: ${(error as Error).message.replaceAll('\n', '; ')}`);
  }
  const device = profileNameOf(provenance);
  // A checkpoint's own space is not one of HAT's named tasks; a built-in space is checked against the profile's task.
  const mismatch = builtinSpace(options.space) ? taskSpaceMismatch(provenance.datasetName, options.space) : null;
  if (mismatch) printProgress(`warning: ${mismatch}`);
  const scorer = await loadScorer(options, printProgress);
  const space = builtinSpace(options.space) ?? scorer.space;
  const settings = cliSearchSettings(options, builtinSpace(options.space) ? undefined : space);
  try {
    scorer.checkSpace(space);
    const runner = SearchRunner.start(
      { runId: 'cli', settings, predictorId: options.predictorPath, predictorJson },
      {
        store: null,
        validLoss: (configs) => scorer.validLosses(configs),
        onReport(report) {
          if (report.generation === 0 || (report.status !== 'running' && report.status !== 'done')) return;
          const best = report.best;
          printProgress(
            `generation ${report.generation}/${report.generations}: best valid loss ${best?.validLoss.toFixed(4)} ` +
              `at ${best?.latencyMs.toFixed(1)} ms, ${report.counts.uniqueValidations} configs validated`,
          );
        },
      },
    );
    const final = await runner.run();
    if (final.status !== 'done' || !final.best)
      throw new CliError(`search failed: ${final.message ?? final.status}`, 1);
    if (final.message) printProgress(`note: ${final.message}`);
    const best = final.best;
    const interval =
      best.latencyLowMs === undefined
        ? ''
        : ` 90 % interval ${best.latencyLowMs.toFixed(1)}–${best.latencyHighMs!.toFixed(1)} ms`;
    const rule =
      best.latencyUpperMs === undefined
        ? `constraint ${options.constraintMs} ms`
        : `constraint ${options.constraintMs} ms, met with ${options.confidence! * 100} % confidence: upper bound ${best.latencyUpperMs.toFixed(1)} ms`;
    const { params, flops } = modelStats(best.config, space);
    const comment = [
      `Found by HAT Explorer's ${options.algorithm === 'hat' ? 'HAT evolutionary' : 'NSGA-II'} search on ${options.space}`,
      `(population ${options.population}, ${options.iterations} iterations, seed ${options.seed}).`,
      `Predicted latency ${best.latencyMs.toFixed(1)} ms on ${device} (${rule})${interval ? `;${interval}` : ''};`,
      `validation loss ${best.validLoss.toFixed(4)} nats on ${scorer.name}; ${(params / 1e6).toFixed(1)}M parameters.`,
    ].join('\n');
    try {
      await writeFile(options.out, configToYaml(best.config, comment));
    } catch (error) {
      throw new CliError(`${options.out}: cannot write (${(error as Error).message})`);
    }
    if (options.json) {
      print(
        JSON.stringify({
          out: options.out,
          validLoss: best.validLoss,
          latencyMs: best.latencyMs,
          ...(best.latencyLowMs === undefined
            ? {}
            : { latencyMsLow: best.latencyLowMs, latencyMsHigh: best.latencyHighMs }),
          ...(best.latencyUpperMs === undefined ? {} : { latencyMsUpper: best.latencyUpperMs }),
          constraintMs: options.constraintMs,
          confidence: best.latencyUpperMs === undefined ? null : options.confidence,
          params,
          flops,
          counts: final.counts,
          timing: final.timing,
        }),
      );
    } else {
      print(
        `${options.out}: valid loss ${best.validLoss.toFixed(4)} nats, predicted ${best.latencyMs.toFixed(1)} ms` +
          `${interval ? ` (${interval.trim()})` : ''} (${rule}), ${(params / 1e6).toFixed(1)}M parameters; ` +
          `${final.counts.uniqueValidations} configs validated (HAT would run ${final.counts.naiveValidations})`,
      );
    }
    return final;
  } finally {
    await scorer.dispose();
  }
}
