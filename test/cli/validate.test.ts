import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { smallestConfig } from '../../src/core/config';
import { configToYaml } from '../../src/core/config-io';
import { builtinSpace } from '../../src/core/space';
import { tokenizerFromFile } from '../../src/data/tokenizer-json';
import { parseTsv } from '../../src/data/tsv';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The real CLI entry point; loading the model and validating takes longer than test/cli/run-cli.ts allows. */
function cli(args: string[]) {
  // tsx by path: it is resolved from the working directory otherwise, and this one is outside the repository.
  const tsx = pathToFileURL(`${repoRoot}node_modules/tsx/dist/loader.mjs`).href;
  const result = spawnSync(process.execPath, ['--import', tsx, `${repoRoot}src/cli/main.ts`, ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'hat-validate-'));
const smallFile = join(dir, 'smallest.yml');
writeFileSync(smallFile, configToYaml(smallestConfig(builtinSpace('hat-wmt')!)));
const published = `${repoRoot}test/fixtures/hat-configs/wmt14.en-de/HAT_wmt14ende_raspberrypi@3.5s_bleu@25.8.yml`;

/** Target tokens of the shipped validation subset counted independently: each sentence's pieces plus </s>. */
function expectedTokens(): number {
  const tokenizer = tokenizerFromFile(JSON.parse(readFileSync(`${repoRoot}public/data/tokenizer.json`, 'utf8')));
  const pairs = parseTsv(readFileSync(`${repoRoot}public/data/valid-search.de-en.tsv`, 'utf8'));
  return pairs.reduce((sum, { en }) => sum + tokenizer.encode(en).length + 1, 0);
}

/** The one-thread losses of the first test, for the two-thread run to match. */
let oneThread: number[] = [];

describe('cli validate', () => {
  it('prints one JSON line per config, in order, from any working directory', () => {
    const run = cli(['validate', '--json', smallFile, published]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.file)).toEqual([smallFile, published]);
    const tokens = expectedTokens();
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['file', 'validLoss', 'tokens']);
      expect(Number.isFinite(line.validLoss) && line.validLoss > 0).toBe(true);
      expect(line.tokens).toBe(tokens);
    }
    expect(lines[0].validLoss).not.toBeCloseTo(lines[1].validLoss, 3);
    oneThread = lines.map((l) => l.validLoss);
  }, 300_000);

  it('gives the same losses on two threads (worker threads sharing the configs), and refuses a bad --threads', () => {
    const run = cli(['validate', '--threads', '2', '--json', smallFile, published]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const losses = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).validLoss as number);
    expect(losses).toHaveLength(2);
    losses.forEach((loss, i) => expect(Math.abs(loss - oneThread[i]!)).toBeLessThan(1e-6));
    const bad = cli(['validate', '--threads', '0', smallFile]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: --threads must be a whole number from 1 to 64, got "0"\n');
  }, 300_000);

  it('explains a missing file, malformed YAML, a config outside the spaces and a missing model in one line', () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'encoder-embed-dim-subtransformer: [\n');
    const wide = join(dir, 'wide.yml');
    writeFileSync(
      wide,
      readFileSync(smallFile, 'utf8').replace(
        'encoder-embed-dim-subtransformer: 512',
        'encoder-embed-dim-subtransformer: 1024',
      ),
    );
    const cases: Array<[string[], RegExp]> = [
      [['validate', join(dir, 'nope.yml')], /^error: .*nope\.yml: no such file\n$/],
      [['validate', bad], /^error: .*bad\.yml: not valid YAML/],
      [['validate', wide], /^error: .*wide\.yml: this config is outside the SuperTransformer's spaces/],
      [['validate', '--model', join(dir, 'no-model'), smallFile], /^error: .*no-model\/model\.json: no such file\n$/],
      [['validate'], /^error: validate needs at least one config file\n$/],
    ];
    for (const [args, message] of cases) {
      const run = cli(args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 300_000);
});

describe('cli translate', () => {
  it('prints one line of translation, with the largest hat-wmt config by default or a given config', () => {
    const byDefault = cli(['translate', '--beam', '2', 'Guten Morgen.']);
    expect(byDefault.stderr).toBe('');
    expect(byDefault.status).toBe(0);
    expect(byDefault.stdout.endsWith('\n')).toBe(true);
    expect(byDefault.stdout.trimEnd().split('\n')).toHaveLength(1);
    const given = cli(['translate', '--config', smallFile, '--beam', '1', 'Guten Morgen.']);
    expect(given.status).toBe(0);
    expect(given.stdout.trimEnd().split('\n')).toHaveLength(1);
    const noText = cli(['translate']);
    expect(noText.status).toBe(2);
    expect(noText.stderr).toMatch(/^error: translate needs exactly one German text/);
  }, 300_000);
});
