import { describe, expect, it } from 'vitest';
import { isHatFile, preferredCheckpoint, sortHatFiles } from '../../src/app/hat-files';
import { memoryAdvice, WASM_SLOW_BYTES } from '../../src/app/hat-memory';

const named = (...names: string[]) => names.map((name) => ({ name }));

describe('HAT import files', () => {
  it('routes a checkpoint and fairseq’s files to the HAT import, and latency files elsewhere', () => {
    const fairseqFiles = [
      'dict.en.txt',
      'dict.de.txt',
      'valid.en-de.en.bin',
      'valid.en-de.en.idx',
      'test.en-de.de.bin',
      'valid.bpe.de',
      'valid.en-de.de',
    ];
    const folder = named(
      'checkpoint_best.pt',
      'checkpoint_last.pt',
      ...fairseqFiles,
      'preprocess.log',
      'wmt14ende_cpu_raspberrypi_all.csv',
      'rpi.predictor.json',
      'notes.txt',
    );
    const sorted = sortHatFiles(folder);
    expect(sorted.checkpoints.map((f) => f.name)).toEqual(['checkpoint_best.pt', 'checkpoint_last.pt']);
    expect(sorted.dataFiles.map((f) => f.name)).toEqual(fairseqFiles);
    expect(sorted.others.map((f) => f.name)).toEqual([
      'preprocess.log',
      'wmt14ende_cpu_raspberrypi_all.csv',
      'rpi.predictor.json',
      'notes.txt',
    ]);
    expect(isHatFile('data/binary/wmt16_en_de/dict.en.txt')).toBe(true);
  });

  it('loads fairseq’s best checkpoint when a run folder holds several, else the first by name', () => {
    expect(preferredCheckpoint(named('checkpoint_last.pt', 'checkpoint_best.pt', 'checkpoint1.pt'))!.name).toBe(
      'checkpoint_best.pt',
    );
    expect(preferredCheckpoint(named('z.pt', 'HAT_wmt14ende_super_space0.pt'))!.name).toBe(
      'HAT_wmt14ende_super_space0.pt',
    );
    expect(preferredCheckpoint([])).toBeUndefined();
  });
});

describe('memory advice before a load', () => {
  const MB = 1024 * 1024;
  it('lets a small model load anywhere, and says what it needs', () => {
    const advice = memoryAdvice(0.32 * MB, 'auto');
    expect(advice.level).toBe('ok');
    expect(advice.text).toMatch(/needs about 328 kB for its float32 weights/);
  });

  it('warns that a space0 WMT SuperTransformer (367 MB of fp32 weights) is slow on WASM, and points to WebGPU', () => {
    const space0 = 367 * MB;
    const wasm = memoryAdvice(space0, 'wasm');
    expect(wasm.level).toBe('warn');
    expect(wasm.text).toContain('needs about 367.0 MB');
    expect(wasm.text).toContain('WebGPU is the backend for full-size models');
    expect(memoryAdvice(space0, 'webgpu').level).toBe('ok');
    expect(memoryAdvice(WASM_SLOW_BYTES - 1, 'wasm').level).toBe('ok');
  });

  it('refuses WASM for weights its 2 GB heap cannot hold, and warns when the device reports little memory', () => {
    const huge = 1600 * MB;
    expect(memoryAdvice(huge, 'wasm')).toMatchObject({ level: 'refuse', text: expect.stringMatching(/Choose WebGPU/) });
    expect(memoryAdvice(huge, 'auto').text).toContain('too large for WASM');
    expect(memoryAdvice(huge, 'webgpu', 2)).toMatchObject({ level: 'warn', text: expect.stringMatching(/about 2 GB/) });
  });
});
