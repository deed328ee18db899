import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubTransformerConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import { formatProblems } from '../core/result';
import type { AccuracyModel } from '../supertransformer/accuracy-model';
import type { ConfigValidation, ValidationModelInfo } from '../protocol/validation';
import type { ValidationPool } from '../supertransformer/validation-pool';
import {
  accuracyModelFromAssets,
  SHIPPED_MODEL_FILES,
  type ShippedAssets,
} from '../supertransformer/validation-service';
import { CliError } from './errors';
import { readTextFile } from './io';
import { selectNodeBackend, type NodeBackend } from './tf-node';

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));
/** The shipped model, whatever the working directory. */
export const DEFAULT_MODEL_DIR = join(publicDir, 'model');
/** The tokenizer and validation subset come from the app's own data folder unless --corpus names another. */
export const DATA_DIR = join(publicDir, 'data');

export interface ModelOptions {
  /** Folder holding model.json and weights.bin. */
  modelDir: string;
  /** Folder holding the tokenizer and valid-search pairs the model was trained with (`npm run data -- --out`). */
  dataDir?: string;
  backend: NodeBackend;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${(error as Error).message})`,
    );
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Reads the shipped files from disk, the same ones the app fetches. */
export async function readShippedAssets(modelDir: string, dataDir = DATA_DIR): Promise<ShippedAssets> {
  const headerPath = join(modelDir, 'model.json');
  const tokenizerPath = join(dataDir, SHIPPED_MODEL_FILES.tokenizer.replace(/^data\//, ''));
  const validPath = join(dataDir, SHIPPED_MODEL_FILES.validSearch.replace(/^data\//, ''));
  const header = readTextFile(headerPath);
  const weightsRead = readBytes(join(modelDir, 'weights.bin'));
  const tokenizer = readTextFile(tokenizerPath);
  const valid = readTextFile(validPath);
  // Read in parallel, but report the first missing file in this order, not whichever read failed first (that
  // varies with load): a folder with no model names its model.json.
  await Promise.allSettled([header, weightsRead, tokenizer, valid]);
  const [headerText, weights, tokenizerText, validTsv] = [
    await header,
    await weightsRead,
    await tokenizer,
    await valid,
  ];
  return {
    header: parseJson(headerText, headerPath),
    weights,
    tokenizer: parseJson(tokenizerText, tokenizerPath),
    validTsv,
  };
}

/** The accuracy proxy on a Node backend (WASM by default: about 30x the plain-JavaScript backend). */
export async function loadAccuracyModel(options: ModelOptions): Promise<AccuracyModel> {
  const assets = await readShippedAssets(options.modelDir, options.dataDir);
  await selectNodeBackend(options.backend);
  try {
    return accuracyModelFromAssets(assets).model;
  } catch (error) {
    throw new CliError(`${options.modelDir}: ${(error as Error).message}`);
  }
}

/** A HAT SubTransformer YAML (or this app's JSON export), with a one-line error naming the file. */
export async function readConfigFile(file: string): Promise<SubTransformerConfig> {
  const parsed = parseConfigText(await readTextFile(file));
  if (!parsed.ok) throw new CliError(`${file}: ${formatProblems(parsed.problems).replaceAll('\n', '; ')}`);
  return parsed.value;
}

/** Checks the config against the model's spaces, naming the file when it is outside them. */
export function realiseOrExplain(model: AccuracyModel, config: SubTransformerConfig, file: string): void {
  try {
    model.realise(config);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message.replaceAll('\n', '; ')}`);
  }
}

export interface ValidateOptions extends ModelOptions {
  json: boolean;
  files: string[];
  /** Validation threads (worker threads, each with its own single-threaded WASM backend). */
  threads: number;
}

export async function runValidate(options: ValidateOptions, print: (line: string) => void): Promise<void> {
  if (options.files.length === 0) throw new CliError('validate needs at least one config file');
  // Every file is read and parsed before the model loads, so a typo fails at once.
  const configs = await Promise.all(options.files.map(readConfigFile));
  const { startNodeValidationPool } = await import('./validation-threads');
  const { pool, close } = startNodeValidationPool(options.threads, options.dataDir);
  try {
    await loadPool(pool, options);
    const results = await validateNamed(pool, configs, options.files);
    results.forEach(({ validLoss, perplexity, tokens }, i) => {
      const file = options.files[i]!;
      if (options.json) print(JSON.stringify({ file, validLoss, tokens }));
      else
        print(
          `${file}: valid loss ${validLoss.toFixed(4)} nats, perplexity ${perplexity.toFixed(2)} (${tokens} tokens)`,
        );
    });
  } finally {
    await close();
  }
}

/** Loads the model on every validation worker, as a one-line error naming the model folder when that fails. */
export async function loadPool(
  pool: ValidationPool,
  options: ModelOptions & { validPairs?: number; threads?: number },
): Promise<ValidationModelInfo> {
  try {
    return await pool.load({ backend: options.backend, baseUrl: options.modelDir, maxValidPairs: options.validPairs });
  } catch (error) {
    const message = (error as Error).message;
    // Unreadable files are already named by path; anything else (a bad header) is the model folder's problem.
    throw new CliError(message.includes(options.modelDir) ? message : `${options.modelDir}: ${message}`);
  }
}

/** Validates configs read from `files`; a config outside the model's spaces is reported by its file name. */
async function validateNamed(
  pool: ValidationPool,
  configs: SubTransformerConfig[],
  files: readonly string[],
): Promise<ConfigValidation[]> {
  try {
    return await pool.validateBatch(1, configs);
  } catch (error) {
    const refused = /^config (\d+) of \d+: (.*)$/s.exec((error as Error).message);
    if (!refused) throw error;
    throw new CliError(`${files[Number(refused[1]) - 1]}: ${refused[2]!.replaceAll('\n', '; ')}`);
  }
}
