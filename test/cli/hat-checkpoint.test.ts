import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigYaml } from '../../src/core/config-io';
import { expected, FIXTURES } from '../fairseq/hat-fixtures';
import { predictorJson } from '../search-runtime/fakes';
import { runCli } from './run-cli';

const data = join(FIXTURES, 'data-joined');
const config = (name: string): string => join(FIXTURES, 'configs', `${name}.yml`);

describe('cli on a HAT checkpoint', () => {
  it('validate --checkpoint --data --json: one line per config with HAT numbers', () => {
    const run = runCli([
      'validate',
      ...['--checkpoint', join(FIXTURES, 'joined-fp16.pt'), '--data', data, '--json'],
      config('largest'),
      config('identity-copies'),
    ]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number | string>);
    expect(lines.map((l) => Object.keys(l))).toEqual([
      ['file', 'validLoss', 'hatLoss', 'tokens', 'sentences'],
      ['file', 'validLoss', 'hatLoss', 'tokens', 'sentences'],
    ]);
    const want = expected('joined').configs.fp16!;
    expect(lines[0]!['hatLoss'] as number).toBeCloseTo(want.largest!.hatLoss, 4);
    expect(lines[1]!['validLoss'] as number).toBeCloseTo(want['identity-copies']!.validLoss, 4);
    expect(lines[0]).toMatchObject({ file: config('largest'), tokens: 144, sentences: 20 });
  }, 60_000);

  it('names the problem: a config outside the space, a missing folder, a lone --checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hat-ckpt-cli-'));
    const wide = join(dir, 'wide.yml');
    writeFileSync(
      wide,
      readFileSync(config('largest'), 'utf8').replace(
        'encoder-embed-dim-subtransformer: 32',
        'encoder-embed-dim-subtransformer: 640',
      ),
    );
    const ckpt = ['--checkpoint', join(FIXTURES, 'joined-fp32.pt')];
    const outside = runCli(['validate', ...ckpt, '--data', data, wide]);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(
      /wide\.yml: this config is outside the checkpoint's search space: encoder\.embedDim: 640/,
    );
    const noData = runCli(['validate', ...ckpt, '--data', join(dir, 'nope'), config('largest')]);
    expect(noData.stderr).toMatch(/nope: not a readable folder/);
    expect(runCli(['validate', ...ckpt, config('largest')]).stderr).toMatch(/--checkpoint and --data go together/);
  }, 60_000);

  it('search --checkpoint runs in the checkpoint space and says which model scored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hat-ckpt-search-'));
    const predictorPath = join(dir, 'predictor.json');
    writeFileSync(predictorPath, predictorJson);
    const out = join(dir, 'best.yml');
    const run = runCli([
      'search',
      ...['--checkpoint', join(FIXTURES, 'joined-fp16.pt'), '--data', data],
      ...['--predictor', predictorPath, '--constraint-ms', '1000000', '--population', '4', '--iterations', '2'],
      ...['--out', out, '--json'],
    ]);
    expect(run.status, run.stderr).toBe(0);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('on HAT checkpoint joined-fp16.pt (20 valid sentences)');
    const parsed = parseConfigYaml(yaml);
    expect(parsed.ok && [32, 24].includes(parsed.value.encoder.embedDim)).toBe(true);
  }, 120_000);
});

describe('cli on a trained SubTransformer checkpoint', () => {
  it("validate without config files scores the checkpoint's own SubTransformer", () => {
    const file = join(FIXTURES, 'joined-subtransformer-fp16.pt');
    const run = runCli(['validate', '--checkpoint', file, '--data', data, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout.trim()) as { file: string; hatLoss: number };
    expect(line.file).toBe(file);
    expect(line.hatLoss).toBeCloseTo(expected('joined').configs.fp16!['mixed-a']!.hatLoss, 4);
    const translated = runCli(['translate', '--checkpoint', file, '--data', data, '--beam', '1', 'w1 w2 p3@@ w4']);
    expect(translated.status, translated.stderr).toBe(0);
    expect(translated.stdout.trim().split(' ').length).toBeGreaterThan(0);
  }, 60_000);
});
