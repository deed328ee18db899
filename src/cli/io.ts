import { openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { CliError } from './errors';

function describeFsError(path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CliError(`${path}: no such file`);
  if (code === 'EISDIR') return new CliError(`${path}: is a directory, expected a file`);
  if (code === 'EACCES') return new CliError(`${path}: permission denied`);
  return new CliError(`${path}: cannot read (${(error as Error).message})`);
}

export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw describeFsError(path, error);
  }
}

/** A Blob view of a file, so large files stream through the same reader the browser uses. */
export async function openFileBlob(path: string): Promise<Blob> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return await openAsBlob(path);
  } catch (error) {
    throw describeFsError(path, error);
  }
}
