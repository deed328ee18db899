/**
 * Fetches the Ding dictionary the only way this project may: Debian's package `trans-de-en` through
 * `apt-get download`, then reads /usr/share/trans/de-en out of the .deb with dpkg-deb and tar (no install needed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const DING_PACKAGE = 'trans-de-en';
export const DING_FILE = './usr/share/trans/de-en';

export interface DingDeb {
  path: string;
  package: string;
  version: string;
  sha256: string;
}

/** The .deb is big as text (25 MB) once unpacked; leave generous room over Node's 1 MB default. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Downloads the package's candidate version into cacheDir; exits with a one-line hint when apt cannot. */
export function downloadDingDeb(cacheDir: string): DingDeb {
  mkdirSync(cacheDir, { recursive: true });
  // A fresh directory per download, so an older version left in the cache is never picked up by mistake.
  const tmpDir = mkdtempSync(join(cacheDir, 'download-'));
  let path: string | undefined;
  let failure = '';
  try {
    const result = spawnSync('apt-get', ['download', DING_PACKAGE], { cwd: tmpDir, encoding: 'utf8' });
    const debs = readdirSync(tmpDir).filter((name) => name.endsWith('.deb'));
    const [deb] = debs;
    if (result.status === 0 && deb !== undefined && debs.length === 1) {
      path = join(cacheDir, deb);
      renameSync(join(tmpDir, deb), path);
    } else {
      failure = (result.stderr ?? result.error?.message ?? '').trim().split('\n').pop() ?? '';
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  if (path === undefined) {
    console.error(`error: 'apt-get download ${DING_PACKAGE}' failed; run 'apt-get update' first (${failure})`);
    process.exit(1);
  }
  return {
    path,
    package: debField(path, 'Package'),
    version: debField(path, 'Version'),
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
  };
}

/** The dictionary text: `dpkg-deb --fsys-tarfile deb | tar -xO ./usr/share/trans/de-en`. */
export function extractDingText(debPath: string): string {
  const tarball = run('dpkg-deb', ['--fsys-tarfile', debPath]);
  return run('tar', ['-xO', DING_FILE], tarball).toString('utf8');
}

function debField(debPath: string, field: string): string {
  return run('dpkg-deb', ['--field', debPath, field]).toString('utf8').trim();
}

function run(command: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: MAX_OUTPUT_BYTES });
  if (result.status !== 0) {
    const stderr = result.stderr?.toString('utf8').trim() ?? '';
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? stderr})`);
  }
  return result.stdout;
}
