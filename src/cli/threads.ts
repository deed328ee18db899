import { CliError } from './errors';

/** Most threads a command accepts: more than any machine here has, few enough to catch a typo. */
const MAX_THREADS = 64;

/** `--threads N`: a whole number from 1 to 64; 1 when absent. */
export function parseThreads(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_THREADS) {
    throw new CliError(`--threads must be a whole number from 1 to ${MAX_THREADS}, got "${text}"`);
  }
  return Number(text);
}
