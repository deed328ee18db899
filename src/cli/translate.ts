import { largestConfig } from '../core/config';
import { builtinSpace } from '../core/space';
import { CliError } from './errors';
import { loadAccuracyModel, readConfigFile, realiseOrExplain, type ModelOptions } from './validate';

export interface TranslateOptions extends ModelOptions {
  /** A HAT SubTransformer YAML; the largest SubTransformer of hat-wmt when absent. */
  config?: string;
  beam?: string;
  text: string[];
}

/** fairseq's default beam width. */
export const DEFAULT_BEAM = 5;

function parseBeam(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BEAM;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 16) {
    throw new CliError(`--beam must be a whole number from 1 to 16, got "${text}"`);
  }
  return Number(text);
}

export function parseBeamFlag(text: string | undefined): number {
  return parseBeam(text);
}

export async function runTranslate(options: TranslateOptions, print: (line: string) => void): Promise<void> {
  if (options.text.length !== 1) {
    throw new CliError('translate needs exactly one German text (quote it): translate [--config c.yml] "Guten Morgen"');
  }
  const german = options.text[0]!;
  const beam = parseBeam(options.beam);
  const config = options.config ? await readConfigFile(options.config) : largestConfig(builtinSpace('hat-wmt')!);
  const model = await loadAccuracyModel(options);
  try {
    realiseOrExplain(model, config, options.config ?? 'the largest hat-wmt config');
    print(await model.translate(config, german, beam));
  } finally {
    model.dispose();
  }
}
