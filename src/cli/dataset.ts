import { readLatencyCsv } from '../core/dataset';
import { CliError } from './errors';
import { openFileBlob } from './io';

export async function runDatasetCheck(
  file: string,
  print: (line: string) => void,
  printError: (line: string) => void,
): Promise<number> {
  const result = await readLatencyCsv(await openFileBlob(file));
  if (result.ok) {
    print(JSON.stringify({ file, ...result.summary }));
    return 0;
  }
  for (const error of result.errors) {
    const where = error.column === undefined ? `${error.line}` : `${error.line}:${error.column}`;
    const column = error.columnName ? ` (${error.columnName})` : '';
    printError(`${file}:${where}${column}: ${error.message}`);
  }
  return 1;
}

export function assertOneFile(files: string[]): string {
  if (files.length !== 1) throw new CliError(`dataset check takes exactly one CSV file, got ${files.length}`);
  return files[0] as string;
}
