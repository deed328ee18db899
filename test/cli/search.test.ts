import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config';
import { parseConfigYaml } from '../../src/core/config-io';
import { BUILTIN_SPACES } from '../../src/core/space';
import { configFeatures } from '../../src/core/features';
import { predictorToJson } from '../../src/core/latency/json';
import { predictLatencyBounds, predictLatencyUpperMs } from '../../src/core/latency/predictor';
import { fakeCostPredictor } from '../core/latency/fixtures';
import { budgetForShare, predictedMs, predictorJson } from '../search-runtime/fakes';
import { cliSearchSettings, parseSearchArgs } from '../../src/cli/search';
import { publicPath } from '../core/dataset/hat-latency-files';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'hat-search-cli-'));
const predictorPath = join(dir, 'predictor.json');
writeFileSync(predictorPath, predictorJson);
const budget = budgetForShare(0.5).toFixed(3);

describe('cli search', () => {
  it('writes the best config as HAT YAML that parses, fits the space and meets the budget', () => {
    for (const algorithm of ['hat', 'nsga2']) {
      const out = join(dir, `best-${algorithm}.yml`);
      // 20 validation pairs keep the shipped model quick enough for a unit test.
      const run = runCli([
        'search',
        ...['--space', 'hat-wmt', '--predictor', predictorPath, '--constraint-ms', budget],
        ...['--algorithm', algorithm, '--population', '4', '--iterations', '2', '--seed', '3'],
        ...['--valid-pairs', '20', '--out', out, '--json'],
      ]);
      expect(run.stderr).toContain('generation 2/2');
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout.trim()) as Record<string, unknown>;
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      const parsed = parseConfigYaml(readFileSync(out, 'utf8'));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      expect(validateConfig(parsed.value, BUILTIN_SPACES['hat-wmt']!)).toEqual([]);
      expect(predictedMs(parsed.value)).toBeLessThanOrEqual(Number(budget));
      expect(summary['latencyMs']).toBeCloseTo(predictedMs(parsed.value), 6);
      expect(summary['validLoss']).toEqual(expect.any(Number));
      expect(summary['params']).toBeGreaterThan(1e6);
      expect(summary['counts']).toMatchObject({ scoredGenerations: 2 });
    }
  }, 180_000);

  it('meets the budget at the 95 % upper bound with --confidence 0.95, and reports the interval', () => {
    const cost = fakeCostPredictor();
    const costPath = join(dir, 'cost.json');
    writeFileSync(costPath, predictorToJson(cost));
    const out = join(dir, 'best-safe.yml');
    const budgetMs = 200;
    const run = runCli([
      'search',
      ...['--space', 'hat-wmt', '--predictor', costPath, '--constraint-ms', String(budgetMs), '--confidence', '0.95'],
      ...['--population', '4', '--iterations', '2', '--seed', '3', '--valid-pairs', '20', '--out', out, '--json'],
    ]);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim()) as Record<string, number>;
    const parsed = parseConfigYaml(readFileSync(out, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const features = [configFeatures(parsed.value)];
    const upper = predictLatencyUpperMs(cost, features, 0.95)![0]!;
    const bounds = predictLatencyBounds(cost, features)!;
    expect(summary['confidence']).toBe(0.95);
    expect(summary['latencyMsUpper']).toBeCloseTo(upper, 6);
    expect(upper).toBeLessThanOrEqual(budgetMs);
    expect(summary['latencyMs']).toBeLessThan(upper);
    expect(summary['latencyMsLow']).toBeCloseTo(bounds.lowMs[0]!, 6);
    expect(summary['latencyMsHigh']).toBeCloseTo(bounds.highMs[0]!, 6);
    expect(readFileSync(out, 'utf8')).toMatch(/met with 95 % confidence: upper bound [\d.]+ ms/);
  }, 180_000);

  it('falls back to the point prediction, and says so, when the predictor has no interval', () => {
    const run = runCli([
      'search',
      ...['--space', 'hat-wmt', '--predictor', predictorPath, '--constraint-ms', budget, '--confidence', '0.95'],
      ...['--population', '4', '--iterations', '1', '--valid-pairs', '5', '--out', join(dir, 'v1.yml'), '--json'],
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/no calibrated interval .* checked on the point prediction, not at 95 % confidence/);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ confidence: null });
  }, 120_000);

  it('names the smallest latency seen when no config meets the budget', () => {
    const run = runCli([
      'search',
      ...['--space', 'hat-wmt', '--predictor', predictorPath, '--constraint-ms', '0.001'],
      ...['--population', '4', '--iterations', '1', '--valid-pairs', '5', '--out', join(dir, 'none.yml')],
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /no SubTransformer met the latency constraint of 0.001 ms.*smallest predicted latency was/,
    );
  }, 120_000);

  it('names the profile by device and task, and warns when its task is not the space’s', () => {
    const out = join(dir, 'iwslt-on-wmt.yml');
    const run = runCli([
      'search',
      ...[
        '--space',
        'hat-wmt',
        '--predictor',
        publicPath('hat-latency/predictors/iwslt14deen_gpu_titanxp.predictor.json'),
      ],
      ...['--constraint-ms', '100000', '--population', '4', '--iterations', '1', '--valid-pairs', '5', '--out', out],
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "warning: this profile was measured on IWSLT'14 De-En SubTransformers (hat-iwslt), not hat-wmt",
    );
    expect(readFileSync(out, 'utf8')).toMatch(/ms on NVIDIA TITAN Xp · IWSLT'14 De-En \(constraint 100000 ms\)/);
  }, 120_000);

  it('explains bad flags before loading anything', () => {
    const base = ['--space', 'hat-wmt', '--predictor', predictorPath, '--out', join(dir, 'x.yml')];
    const cases: [string[], string][] = [
      [[...base], 'search needs --constraint-ms'],
      [[...base, '--constraint-ms', 'fast'], '--constraint-ms must be a positive number'],
      [[...base, '--constraint-ms', '100', '--algorithm', 'sweep'], '--algorithm must be hat or nsga2'],
      [[...base, '--constraint-ms', '100', '--population', '1'], '--population must be a whole number of at least 2'],
      [[...base, '--constraint-ms', '100', '--confidence', '1.2'], '--confidence must be a number from 0.5 to below 1'],
      [[...base, '--constraint-ms', '100', '--confidence', '0.3'], '--confidence must be a number from 0.5 to below 1'],
      [['--space', 'nope'], '--space must be hat-wmt, hat-iwslt or hat-wmt-latency'],
      [['--space', 'hat-wmt', '--constraint-ms', '100'], 'search needs --predictor'],
    ];
    for (const [args, message] of cases) expect(() => parseSearchArgs(args), args.join(' ')).toThrow(message);
    expect(cliSearchSettings(parseSearchArgs([...base, '--constraint-ms', '100']))).toMatchObject({
      population: 125,
      parents: 25,
      mutations: 50,
      crossovers: 50,
      iterations: 30,
      mutationProb: 0.3,
      budgetsMs: [100],
      latencyConfidence: null,
    });
    expect(
      cliSearchSettings(parseSearchArgs([...base, '--constraint-ms', '100', '--confidence', '0.95'])),
    ).toMatchObject({ latencyConfidence: 0.95 });
    // Through the real entry point: a one-line error and exit status 2.
    const run = runCli([
      'search',
      ...base.slice(0, 2),
      '--predictor',
      join(dir, 'missing.json'),
      '--constraint-ms',
      '1',
      '--out',
      'x',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/^error: .*missing\.json: no such file$/);
  }, 60_000);
});
