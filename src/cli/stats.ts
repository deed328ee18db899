import { validateConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import { configFeatures } from '../core/features';
import { modelStats } from '../core/model-stats';
import { formatProblems } from '../core/result';
import { BUILTIN_SPACE_NAMES, builtinSpace, parseSpaceYaml, type SearchSpace } from '../core/space';
import { CliError } from './errors';
import { readTextFile } from './io';

export interface StatsOptions {
  space: string;
  tokens?: string;
  json: boolean;
  files: string[];
}

export async function resolveSpace(nameOrFile: string): Promise<SearchSpace> {
  const builtin = builtinSpace(nameOrFile);
  if (builtin) return builtin;
  if (!/\.ya?ml$/i.test(nameOrFile)) {
    throw new CliError(`unknown space "${nameOrFile}" (built-in: ${BUILTIN_SPACE_NAMES.join(', ')}; or a .yml file)`);
  }
  const parsed = parseSpaceYaml(await readTextFile(nameOrFile), nameOrFile);
  if (!parsed.ok) throw new CliError(`${nameOrFile}: ${formatProblems(parsed.problems).replaceAll('\n', '; ')}`);
  return parsed.value;
}

function parseTokens(text: string | undefined, space: SearchSpace): number {
  if (text === undefined) return space.defaultTokens;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100_000) {
    throw new CliError(`--tokens must be a whole number from 1 to 100000, got "${text}"`);
  }
  return Number(text);
}

const millions = (n: number): string => `${(n / 1e6).toFixed(2)}M`;
const billions = (n: number): string => `${(n / 1e9).toFixed(2)}G`;

export async function runStats(options: StatsOptions, print: (line: string) => void): Promise<void> {
  if (options.files.length === 0) throw new CliError('stats needs at least one config file');
  const space = await resolveSpace(options.space);
  const tokens = parseTokens(options.tokens, space);
  for (const file of options.files) {
    const parsed = parseConfigText(await readTextFile(file));
    if (!parsed.ok) throw new CliError(`${file}: ${formatProblems(parsed.problems).replaceAll('\n', '; ')}`);
    const problems = validateConfig(parsed.value, space);
    if (problems.length > 0) {
      throw new CliError(`${file}: not in space ${space.name}: ${formatProblems(problems).replaceAll('\n', '; ')}`);
    }
    const { params, flops } = modelStats(parsed.value, space, tokens);
    const features = configFeatures(parsed.value);
    if (options.json) print(JSON.stringify({ file, params, flops, features }));
    else {
      print(
        `${file}: params ${millions(params)} (${params}), FLOPs ${billions(flops)} (${flops}) at ${tokens} tokens, ` +
          `features [${features.map((x) => Number(x.toFixed(4))).join(', ')}]`,
      );
    }
  }
}
