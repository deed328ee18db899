import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { builtinSpace } from '../../src/core/space';
import { AccuracyModelDb } from '../../src/storage/accuracy-model-db';
import { hatModelInfo } from '../search-runtime/fakes';

describe('the imported HAT model’s record in IndexedDB', () => {
  it('survives a close and reopen (a reload), is replaced by the next import, and can be forgotten', async () => {
    const factory = new IDBFactory();
    const info = hatModelInfo(builtinSpace('hat-wmt')!);
    const record = {
      info,
      backend: 'wasm' as const,
      dataFileNames: ['dict.en.txt', 'dict.de.txt'],
      importedAt: '2026-12-01T00:00:00Z',
      chosen: true,
    };
    let db = await AccuracyModelDb.open(factory);
    expect(await db.get()).toBeUndefined();
    await db.put(record);
    db.close();
    db = await AccuracyModelDb.open(factory);
    expect(await db.get()).toEqual({ ...record, id: 'imported' });
    await db.put({ ...record, info: { ...info, fileName: 'other.pt' }, chosen: false });
    expect(await db.get()).toMatchObject({ info: { fileName: 'other.pt' }, chosen: false });
    await db.remove();
    expect(await db.get()).toBeUndefined();
    db.close();
  });
});
