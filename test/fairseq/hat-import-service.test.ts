import { afterAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/cli/tf-node';
import type { HatImportProgress, HatImportRequest } from '../../src/protocol/validation';
import { ValidationService, type BackendHost } from '../../src/supertransformer/validation-service';
import { expected, fixtureBytes, fixtureConfig } from './hat-fixtures';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './hat-fixtures';

const host: BackendHost = {
  activate: async (name) => void (await selectNodeBackend(name === 'wasm' ? 'wasm' : 'cpu')),
  deviceLost: () => null,
};
const service = new ValidationService(host, () => Promise.reject(new Error('no shipped model in this test')));
afterAll(() => service.dispose());

const blobOf = (bytes: Uint8Array): Blob => new Blob([bytes.slice().buffer]);
const dataFiles = (folder: string) =>
  readdirSync(join(FIXTURES, folder)).map((name) => ({ name, blob: blobOf(fixtureBytes(`${folder}/${name}`)) }));
const request = (file: string, folder = 'data-joined'): HatImportRequest => ({
  backend: 'wasm',
  checkpoint: { name: file, blob: blobOf(fixtureBytes(file)) },
  dataFiles: dataFiles(folder),
});

describe('the validation worker imports a HAT checkpoint from Blobs', () => {
  it('inspects a checkpoint before loading: dims, space and the memory it needs', async () => {
    const info = await service.inspectHatCheckpoint(request('joined-fp16.pt').checkpoint);
    expect(info).toMatchObject({ fileName: 'joined-fp16.pt', task: 'en-de', precision: 'fp16', format: 'zip' });
    expect(info.memoryBytes).toBeGreaterThan(0);
    expect(info.space.encoderEmbedChoices).toEqual([32, 24]);
  });

  it('loads with progress, reports what was read, and validates with both numbers', async () => {
    const progress: HatImportProgress[] = [];
    const info = await service.loadHatCheckpoint(1, request('joined-fp16.pt'), (p) => progress.push(p));
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading checkpoint', 'reading weights']));
    const last = progress[progress.length - 1]!;
    expect(last.bytesRead).toBe(last.bytesTotal);
    expect(info.hat).toMatchObject({ sentences: 20, tokens: 144, vocab: { source: 120, target: 120 } });
    // Structure twice (inspection, then load) and the fp16 model once; the fp32 optimizer state is never read.
    expect(info.hat!.bytesRead).toBeLessThan(info.hat!.fileBytes * 0.6);
    expect(info.hat!.loadMs).toBeGreaterThan(0);
    const [result] = await service.validateBatch(2, [fixtureConfig('mixed-a')]);
    const want = expected('joined').configs.fp16!['mixed-a']!;
    expect(Math.abs(result!.hatLoss! - want.hatLoss)).toBeLessThan(1e-4);
    expect(Math.abs(result!.validLoss - want.validLoss)).toBeLessThan(1e-4);
  });

  it('a bad import or a cancelled one leaves the loaded model in place', async () => {
    const bad = request('joined-fp16.pt', 'data-separate');
    bad.dataFiles = bad.dataFiles.filter((f) => !f.name.startsWith('dict.de'));
    await expect(service.loadHatCheckpoint(3, bad)).rejects.toThrow(/dict\.de\.txt is missing/);
    const pending = service.loadHatCheckpoint(4, request('separate-fp16.pt', 'data-separate'));
    service.cancel(4);
    await expect(pending).rejects.toThrow(/^cancelled/);
    expect(service.info?.hat?.fileName).toBe('joined-fp16.pt');
    const [result] = await service.validateBatch(5, [fixtureConfig('largest')]);
    expect(result!.hatLoss).toBeCloseTo(expected('joined').configs.fp16!.largest!.hatLoss, 4);
  });

  it('swaps to another checkpoint on success', async () => {
    const info = await service.loadHatCheckpoint(6, request('separate-fp16.pt', 'data-separate'));
    expect(info.hat).toMatchObject({ task: 'de-en', fileName: 'separate-fp16.pt' });
    expect(info.hat!.dims.sourceVocabSize).toBe(info.hat!.vocab.source);
  });
});
