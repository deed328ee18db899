import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configToYaml } from '../../src/core/config-io';
import { HAND_IWSLT, HAND_WMT } from '../core/hand-configs';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'hat-cli-'));
const wmtFile = join(dir, 'hand-wmt.yml');
const iwsltFile = join(dir, 'hand-iwslt.yml');
writeFileSync(wmtFile, configToYaml(HAND_WMT));
writeFileSync(iwsltFile, configToYaml(HAND_IWSLT));

describe('cli stats', () => {
  it('prints one JSON line per config with params and FLOPs computed by hand', () => {
    const run = runCli(['stats', '--space', 'hat-wmt-latency', '--json', wmtFile]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      file: wmtFile,
      params: 15_771_136,
      flops: 959_232_000,
      features: [512, 6, 1024, 8, 512, 1, 1024, 4, 8, 1],
    });
  });

  it('uses the IWSLT token count (23) for the IWSLT space, and --tokens overrides it', () => {
    const run = runCli(['stats', '--space', 'hat-iwslt', '--json', iwsltFile, wmtFile.replace('wmt', 'wmt')]);
    // HAND_WMT is not in the IWSLT space (FFN 1024 is, heads 8 are not): the run must say so.
    expect(run.status).not.toBe(0);
    const ok = runCli(['stats', '--space', 'hat-iwslt', '--json', iwsltFile]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ params: 24_174_592, flops: 1_214_700_288 });
    const at30 = runCli(['stats', '--space', 'hat-iwslt', '--tokens', '30', '--json', iwsltFile]);
    expect(JSON.parse(at30.stdout).flops).toBeGreaterThan(1_214_700_288);
  });

  it('prints a readable line without --json', () => {
    const run = runCli(['stats', '--space', 'hat-wmt', wmtFile]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('params 15.77M (15771136), FLOPs 0.96G (959232000) at 30 tokens');
  });

  it.each([
    [['stats', '--space', 'hat-wmt', join(dir, 'missing.yml')], /missing\.yml: no such file/],
    [['stats', '--space', 'hat-huge', wmtFile], /unknown space "hat-huge"/],
    [['stats', wmtFile], /needs --space/],
    [['stats', '--space', 'hat-wmt', '--tokens', 'ten', wmtFile], /--tokens must be a whole number/],
    [
      ['stats', '--space', 'hat-iwslt', wmtFile],
      /not in space hat-iwslt: encoder\.selfAttentionHeads\[0\]: 8 is not allowed/,
    ],
    [['stats', '--space', 'hat-wmt', '--bogus', wmtFile], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('fails with one readable line: %j', (args, pattern) => {
    const run = runCli(args);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
