import { formatProblems, type Problem, type Result } from '../core/result';

/** Problems joined on one line, for a notice next to a file name. */
export const problemsOnOneLine = (problems: readonly Problem[]): string =>
  formatProblems(problems).replaceAll('\n', '; ');

/**
 * A user's file read and parsed, or the one-line reason it was not: `could not read: …` when the browser cannot
 * read it (a file removed since it was chosen, for example), `not a <what>: …` with the parser's problems.
 */
export async function readAndParse<T>(
  file: Pick<File, 'text'>,
  parse: (text: string) => Result<T>,
  what: string,
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { ok: false, message: `could not read: ${(error as Error).message}` };
  }
  const parsed = parse(text);
  return parsed.ok ? parsed : { ok: false, message: `not a ${what}: ${problemsOnOneLine(parsed.problems)}` };
}
