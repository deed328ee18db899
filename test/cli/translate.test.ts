import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputLines } from '../../src/cli/translate';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[]) {
  const tsx = pathToFileURL(`${repoRoot}node_modules/tsx/dist/loader.mjs`).href;
  const result = spawnSync(process.execPath, ['--import', tsx, `${repoRoot}src/cli/main.ts`, ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'hat-translate-'));
const sentences = ['Die Datei konnte nicht geöffnet werden.', 'Das Haus ist klein.', 'Wählen Sie Format - Zeichen.'];

describe('inputLines', () => {
  it('splits on LF and CRLF, keeps empty lines inside, and drops only the final newline', () => {
    expect(inputLines('a\r\nb\n\nc\n')).toEqual(['a', 'b', '', 'c']);
    expect(inputLines('a')).toEqual(['a']);
    expect(inputLines('')).toEqual([]);
  });
});

describe('cli translate --input', () => {
  it('prints one line per input line, in order, each the same as translating that sentence alone', () => {
    const file = join(dir, 'in.txt');
    writeFileSync(file, `${sentences[0]}\n\n${sentences[1]}\r\n${sentences[2]}\n`);
    const batch = cli(['translate', '--beam', '2', '--input', file]);
    expect(batch.stderr).toBe('');
    expect(batch.status).toBe(0);
    const lines = batch.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('');
    const singles = sentences.map((text) => cli(['translate', '--beam', '2', text]).stdout.trim());
    expect([lines[0], lines[2], lines[3]]).toEqual(singles);
    for (const line of singles) expect(line).toMatch(/\p{L}/u);
  }, 600_000);

  it('refuses a text together with --input, and names a missing input file or corpus folder', () => {
    const both = cli(['translate', '--input', join(dir, 'in.txt'), 'Hallo']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/either --input FILE or one German text/);
    const missing = cli(['translate', '--input', join(dir, 'nope.txt')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.txt: no such file');
    const noData = cli(['translate', '--corpus', join(dir, 'no-corpus'), 'Hallo']);
    expect(noData.status).toBe(2);
    expect(noData.stderr).toContain(`${join(dir, 'no-corpus', 'tokenizer.json')}: no such file`);
  }, 120_000);
});
