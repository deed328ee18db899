import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePredictorJson } from '../../src/core/latency/json';
import { hatLatencyPath } from '../core/dataset/hat-latency-files';
import { spawnSync } from 'node:child_process';
import { runCli, type CliRun } from './run-cli';

/** Like runCli, with room for training: the shared helper stops a run after 60 s, and a loaded machine needs more. */
function runCliSlow(args: string[]): CliRun {
  const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONFIG_DIR = new URL('../fixtures/hat-configs/wmt14.en-de/', import.meta.url).pathname;

describe('cli predictor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hat-predictor-'));
  const out = join(dir, 'pi.json');

  it('trains on a HAT CSV, prints one JSON line of test metrics and writes a predictor', { timeout: 320_000 }, () => {
    const run = runCliSlow([
      'predictor',
      'train',
      hatLatencyPath('wmt14ende_cpu_raspberrypi_all.csv'),
      '--out',
      out,
      '--seed',
      '1',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const line = JSON.parse(run.stdout);
    expect(line).toMatchObject({ out, seed: 1, split: { train: 1600, valid: 200, test: 200 } });
    expect(line.test.mape).toBeLessThan(line.linearTest.mape);
    expect(line.intervalTest).toMatchObject({ rows: 200 });
    expect(line.intervalTest.coverage90).toBeGreaterThan(0.85);
    const saved = parsePredictorJson(readFileSync(out, 'utf8'));
    expect(saved.ok && saved.value.provenance.datasetSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.ok && saved.value.model.kind).toBe('cost');
  });

  it("predicts HAT's published Raspberry Pi models near their published latency", { timeout: 120_000 }, () => {
    const files = readdirSync(CONFIG_DIR)
      .filter((f) => f.includes('raspberrypi'))
      .map((f) => join(CONFIG_DIR, f));
    const run = runCli(['predictor', 'predict', '--predictor', out, '--json', '--space', 'hat-wmt', ...files]);
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual(files);
    for (const { file, latencyMs, latencyMsLow, latencyMsHigh } of lines) {
      const published = Number(/@([\d.]+)s_/.exec(file)![1]) * 1000;
      expect(Math.abs(latencyMs / published - 1)).toBeLessThan(0.15);
      expect(latencyMsLow).toBeLessThan(latencyMs);
      expect(latencyMsHigh).toBeGreaterThan(latencyMs);
    }
    const plain = runCli(['predictor', 'predict', '--predictor', out, files[0]!]);
    expect(plain.stdout).toMatch(/: \d+\.\d ms \(90 % interval \d+\.\d–\d+\.\d ms\)/);
  });

  it('gives one-line errors for bad input', { timeout: 300_000 }, () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"something else"}');
    const cases: [string[], RegExp][] = [
      [['predictor', 'predict', '--predictor', bad, 'x.yml'], /not a latency predictor: format: expected/],
      [['predictor', 'predict', '--predictor', join(dir, 'missing.json'), 'x.yml'], /missing\.json: no such file/],
      [['predictor', 'predict', '--predictor', out], /needs at least one config file/],
      [['predictor', 'train', hatLatencyPath('wmt14ende_cpu_raspberrypi_all.csv')], /needs --out/],
      [['predictor', 'train', 'a.csv', 'b.csv', '--out', out], /exactly one CSV file, got 2/],
      [['predictor', 'train', bad, '--out', out, '--seed', 'abc'], /--seed must be a whole number/],
      [['predictor', 'frobnicate'], /unknown predictor command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args);
      expect(run.status).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});
