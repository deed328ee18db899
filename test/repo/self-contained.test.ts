import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'data', 'public', 'fixtures']);
const CODE = /\.(ts|tsx|js|mjs|cjs|json|sh|ya?ml)$|^run$/;

function* codeFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.scratch')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* codeFiles(path);
    else if (CODE.test(name) && name !== 'package-lock.json') yield path;
  }
}

/**
 * The repository is self-contained: its tests, benches, scripts and CI read what they need from inside it. The
 * project's shared folder sits beside some checkouts only, so a path into it passes there and fails on a clone
 * (`.ci/fresh-clone` proves the clone side by running the unit tests in one).
 */
describe('the repository', () => {
  it('reads nothing from a folder beside it', () => {
    const outside = /\.\.\/shared\b|\/work\/shared\b|\/work\/\.mirror\b/;
    const offenders = [...codeFiles(root)]
      .filter((path) => !path.endsWith(join('test', 'repo', 'self-contained.test.ts')))
      .filter((path) => outside.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });
});
