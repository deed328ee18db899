import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hatLatencyPath } from '../core/dataset/hat-latency-files';
import { runCli } from './run-cli';

describe('cli dataset check', () => {
  it('prints a one-line JSON summary for a good file and exits 0', () => {
    const file = hatLatencyPath('wmt14ende_gpu_titanxp_all.csv');
    const run = runCli(['dataset', 'check', file]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ file, rows: 2000 });
    expect(summary.latencyMs.min).toBeGreaterThan(0);
  });

  it('prints located errors and exits 1 for a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hat-cli-'));
    const file = join(dir, 'bad.csv');
    const header =
      'encoder_embed_dim,encoder_layer_num,encoder_ffn_embed_dim_avg,encoder_self_attention_heads_avg,decoder_embed_dim,decoder_layer_num,decoder_ffn_embed_dim_avg,decoder_self_attention_heads_avg,decoder_ende_attention_heads_avg,decoder_arbitrary_ende_attn_avg,latency_mean_encoder,latency_mean_decoder,latency_std_encoder,latency_std_decoder';
    writeFileSync(
      file,
      `${header}\n640,6,2048,8,640,6,2048,8,8,1,5,100,0.1,1\n640,6,2048,8,640,6,2048,8,8,1,oops,100,0.1,1\n`,
    );
    const run = runCli(['dataset', 'check', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(`${file}:3:11 (latency_mean_encoder): expected a number, found "oops"`);
  });

  it('says so when the file does not exist or the command is incomplete', () => {
    const missing = runCli(['dataset', 'check', '/nonexistent/x.csv']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe('error: /nonexistent/x.csv: no such file');
    const noFile = runCli(['dataset', 'check']);
    expect(noFile.stderr.trim()).toBe('error: dataset check takes exactly one CSV file, got 0');
  });
});
