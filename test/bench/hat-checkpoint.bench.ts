import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './harness';
import { SYNTHETIC_SENTENCES, SYNTHETIC_TOKENS, writeSyntheticSpace0 } from './hat-synthetic';

const child = fileURLToPath(new URL('./hat-checkpoint-child.ts', import.meta.url));

interface Measured {
  fileBytes: number;
  bytesRead: number;
  modelBytes: number;
  peakRssDelta: number;
  ms: number;
  loadMs: number;
  batches: number;
  matmulGflops: number;
  largest: { ms: number; gflops: number; rate: number };
  smallest: { ms: number; gflops: number; rate: number };
}

function measure(mode: 'read' | 'load', dir: string): Measured {
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, mode, dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`hat-checkpoint ${mode} failed: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measured;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/**
 * Reading a full-size HAT checkpoint (synthesised here: space0's WMT dims, fp16 model, fp32 Adam state, ~0.9 GB, in a
 * temp dir, never committed) and validating on it, each measurement in a fresh process so peak RSS is its own.
 * `--keep DIR` writes the files to DIR and keeps them (for a torch.load check).
 */
export async function benchHatCheckpoint(keep?: string): Promise<void> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'hat-space0-'));
  try {
    const { parameters } = await writeSyntheticSpace0(dir);
    const read = measure('read', dir);
    const load = measure('load', dir);
    const fp32 = parameters * 4;
    printTable(
      `Reading a space0 WMT checkpoint (${(parameters / 1e6).toFixed(1)}M parameters, fp16 model + fp32 Adam state)`,
      [
        {
          step: 'read tensors to float32 arrays',
          'file (MB)': mb(read.fileBytes),
          'bytes read (MB)': mb(read.bytesRead),
          'read / file': (read.bytesRead / read.fileBytes).toFixed(3),
          'read / model bytes': (read.bytesRead / read.modelBytes).toFixed(4),
          'peak RSS growth / fp32 weights': (read.peakRssDelta / fp32).toFixed(2),
          'time (s)': (read.ms / 1000).toFixed(1),
        },
        {
          step: 'load into the SuperTransformer (WASM)',
          'file (MB)': mb(load.fileBytes),
          'bytes read (MB)': mb(load.bytesRead),
          'read / file': (load.bytesRead / load.fileBytes).toFixed(3),
          'read / model bytes': (load.bytesRead / read.modelBytes).toFixed(4),
          'peak RSS growth / fp32 weights': (load.peakRssDelta / fp32).toFixed(2),
          'time (s)': (load.loadMs / 1000).toFixed(1),
        },
      ],
    );
    printTable(
      `Validation on it, WASM in Node: ${SYNTHETIC_SENTENCES} sentences of ${SYNTHETIC_TOKENS} tokens, max-tokens 4096 (${load.batches} batch)`,
      (['largest', 'smallest'] as const).map((name) => ({
        'SubTransformer (hat-wmt)': name,
        'one validation (ms)': load[name].ms.toFixed(0),
        'forward GFLOP': load[name].gflops.toFixed(1),
        'model GFLOP/s': load[name].rate.toFixed(2),
        'matmul GFLOP/s': load.matmulGflops.toFixed(2),
        'model / matmul': (load[name].rate / load.matmulGflops).toFixed(2),
      })),
    );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keepAt = process.argv.indexOf('--keep');
  await benchHatCheckpoint(keepAt > 0 ? process.argv[keepAt + 1] : undefined);
}
