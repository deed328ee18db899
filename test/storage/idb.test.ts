import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { getAllRecords, openDatabase, putRecord } from '../../src/storage/idb';
import { MeasureDb } from '../../src/storage/measure-db';
import { ProfilesDb } from '../../src/storage/profiles-db';
import { SearchRunsDb } from '../../src/storage/search-runs-db';

describe('IndexedDB helpers', () => {
  it('reject with a message, not a TypeError, where IndexedDB is missing (Node has none)', async () => {
    expect(globalThis.indexedDB).toBeUndefined();
    for (const open of [() => ProfilesDb.open(), () => MeasureDb.open(), () => SearchRunsDb.open()]) {
      await expect(open()).rejects.toThrow('IndexedDB is not available here');
    }
  });

  it('run the upgrade only when the version is new, so reopening keeps the records', async () => {
    const factory = new IDBFactory();
    let upgrades = 0;
    const upgrade = (db: IDBDatabase): void => {
      upgrades += 1;
      db.createObjectStore('things', { keyPath: 'id' });
    };
    const first = await openDatabase(factory, 'test', 1, upgrade);
    await putRecord(first, 'things', { id: 'a' });
    first.close();
    const again = await openDatabase(factory, 'test', 1, upgrade);
    expect(await getAllRecords(again, 'things')).toEqual([{ id: 'a' }]);
    expect(upgrades).toBe(1);
    again.close();
  });
});
