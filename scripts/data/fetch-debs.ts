/**
 * Fetches the pinned Debian packages of src/data/sources.ts the only way this project may, `apt-get download
 * <package>=<version>`, checks each file's sha256, and unpacks it with dpkg-deb (no install needed). Downloads and
 * unpacked trees are cached under data/cache, keyed by the file's hash, so a rebuild reads the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DebSource } from '../../src/data/sources';

export interface FetchedDeb {
  source: DebSource;
  path: string;
  /** The unpacked file tree (dpkg-deb -x). */
  root: string;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

export function fetchDeb(source: DebSource, cacheDir: string): FetchedDeb {
  const debDir = join(cacheDir, 'debs');
  mkdirSync(debDir, { recursive: true });
  const path = join(debDir, `${source.package}_${source.version.replaceAll(':', '%3a')}.deb`);
  if (!existsSync(path) || sha256(path) !== source.sha256) {
    // A fresh directory per download, so no other file in the cache can be picked up by mistake.
    const tmpDir = mkdtempSync(join(debDir, 'download-'));
    try {
      const spec = `${source.package}=${source.version}`;
      const result = spawnSync('apt-get', ['download', spec], { cwd: tmpDir, encoding: 'utf8' });
      const debs = readdirSync(tmpDir).filter((name) => name.endsWith('.deb'));
      if (result.status !== 0 || debs.length !== 1) {
        const reason = (result.stderr ?? result.error?.message ?? '').trim().split('\n').pop() ?? '';
        fail(
          `'apt-get download ${spec}' failed; run 'apt-get update' first, or fetch that version from ` +
            `snapshot.debian.org into ${debDir} (${reason})`,
        );
      }
      renameSync(join(tmpDir, debs[0]!), path);
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
    const got = sha256(path);
    if (got !== source.sha256) fail(`${path} has sha256 ${got}, not the pinned ${source.sha256}`);
  }
  const root = join(cacheDir, 'unpacked', `${source.package}-${source.sha256.slice(0, 12)}`);
  const done = join(root, '.unpacked');
  if (!existsSync(done)) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    run('dpkg-deb', ['-x', path, root]);
    writeFileSync(done, '');
  }
  return { source, path, root };
}

/** Every file under dir whose path (relative to dir, '/'-separated) matches, sorted so the order never varies. */
export function filesUnder(dir: string, matches: (relative: string) => boolean, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(join(dir, entry.name), matches, relative));
    else if (entry.isFile() && matches(relative)) out.push(relative);
  }
  return out;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (${result.error?.message ?? result.stderr})`);
}
