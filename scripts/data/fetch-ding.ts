/**
 * Reads the Ding dictionary (/usr/share/trans/de-en) out of Debian's trans-de-en .deb, which fetch-debs.ts
 * downloads at its pinned version, with dpkg-deb and tar (no install needed).
 */
import { spawnSync } from 'node:child_process';

export const DING_FILE = './usr/share/trans/de-en';

/** The dictionary is 25 MB as text once unpacked; leave generous room over Node's 1 MB default. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** The dictionary text: `dpkg-deb --fsys-tarfile deb | tar -xO ./usr/share/trans/de-en`. */
export function extractDingText(debPath: string): string {
  const tarball = run('dpkg-deb', ['--fsys-tarfile', debPath]);
  return run('tar', ['-xO', DING_FILE], tarball).toString('utf8');
}

function run(command: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: MAX_OUTPUT_BYTES });
  if (result.status !== 0) {
    const stderr = result.stderr?.toString('utf8').trim() ?? '';
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? stderr})`);
  }
  return result.stdout;
}
