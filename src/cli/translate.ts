import { largestConfig } from '../core/config';
import { builtinSpace } from '../core/space';
import { CliError } from './errors';
import { readTextFile } from './io';
import { loadAccuracyModel, readConfigFile, realiseOrExplain, type ModelOptions } from './validate';

export interface TranslateOptions extends ModelOptions {
  /** A HAT SubTransformer YAML; the largest SubTransformer of hat-wmt when absent. */
  config?: string;
  beam?: string;
  /** A file of German sentences, one per line, translated in order instead of `text`. */
  input?: string;
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

/** The input file's lines: a final newline ends the last line rather than adding an empty one; CRLF is accepted. */
export function inputLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Translates one German text, or every line of --input in order (one English line per input line; an empty input
 * line gives an empty output line), loading the model once.
 */
export async function runTranslate(options: TranslateOptions, print: (line: string) => void): Promise<void> {
  if (options.input !== undefined && options.text.length > 0) {
    throw new CliError('translate takes either --input FILE or one German text, not both');
  }
  if (options.input === undefined && options.text.length !== 1) {
    throw new CliError('translate needs exactly one German text (quote it): translate [--config c.yml] "Guten Morgen"');
  }
  const germans = options.input !== undefined ? inputLines(await readTextFile(options.input)) : options.text;
  const beam = parseBeam(options.beam);
  const config = options.config ? await readConfigFile(options.config) : largestConfig(builtinSpace('hat-wmt')!);
  const model = await loadAccuracyModel(options);
  try {
    realiseOrExplain(model, config, options.config ?? 'the largest hat-wmt config');
    for (const german of germans) print(german.trim() === '' ? '' : await model.translate(config, german, beam));
  } finally {
    model.dispose();
  }
}
