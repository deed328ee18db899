import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigYaml } from '../../src/core/config-io';
import type { SubTransformerConfig } from '../../src/core/config';
import { loadFairseqValidSet, type NamedFile } from '../../src/fairseq/data-files';
import { bytesSource } from '../../src/torch/byte-source';

/** Fixtures made by HAT's own code (scripts/hat-fixtures/make_fixtures.py). */
export const FIXTURES = join(import.meta.dirname, '../fixtures/hat-checkpoint');

export interface ExpectedConfig {
  hatLoss: number;
  nllLossBase2: number;
  validLoss: number;
  tokens: number;
  sentences: number;
  batches: number[][];
  logits?: string;
}

export interface Expected {
  args: { src: string; tgt: string; labelSmoothing: number; maxTokensValid: number };
  checkpoints: Record<string, { file: string; precision: 'fp32' | 'fp16'; legacy: boolean; bytes: number }>;
  configs: Record<string, Record<string, ExpectedConfig>>;
}

export const expected = (name: 'joined' | 'separate'): Expected =>
  JSON.parse(readFileSync(join(FIXTURES, `expected-${name}.json`), 'utf8')) as Expected;

export const fixtureBytes = (file: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, file)));

export function fixtureConfig(name: string): SubTransformerConfig {
  const parsed = parseConfigYaml(readFileSync(join(FIXTURES, 'configs', `${name}.yml`), 'utf8'));
  if (!parsed.ok) throw new Error(`fixture config ${name} does not parse`);
  return parsed.value;
}

/** A folder's files as the app would get them from a drop. */
export function folderFiles(folder: string): NamedFile[] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir).map((name) => ({ name, source: bytesSource(new Uint8Array(readFileSync(join(dir, name)))) }));
}

export const fixtureData = (name: 'joined' | 'separate', files = folderFiles(`data-${name}`)) =>
  loadFairseqValidSet(files, { source: expected(name).args.src, target: expected(name).args.tgt });

export function fixtureLogits(file: string): Float32Array {
  const bytes = readFileSync(join(FIXTURES, file));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
