import type { MeasureDevice, MeasuredItem, MeasureRunSpec } from '../core/latency/measure-plan';
import { deleteWithChildren, ensureStore, getAllRecords, getRecord, openDatabase, promised, putRecord } from './idb';

export type MeasureRunStatus = 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

/** A measurement run as stored; its measured items live in their own store, one record per item. */
export interface StoredMeasureRun extends MeasureRunSpec {
  id: string;
  status: MeasureRunStatus;
  device: MeasureDevice;
  startedAt: string;
  updatedAt: string;
  error?: string;
}

export interface StoredMeasuredItem extends MeasuredItem {
  runId: string;
}

/**
 * Measurement runs in IndexedDB. A database of its own rather than a store in the profiles database: the two
 * modules then never have to agree on a schema version, and a run's rows are written one small record at a time
 * (the moment each is measured) instead of rewriting a growing profile.
 */
const DB_NAME = 'hat-explorer-measure';
const DB_VERSION = 1;
const RUNS = 'runs';
const ITEMS = 'items';

export class MeasureDb {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<MeasureDb> {
    const db = await openDatabase(factory, name, DB_VERSION, (db) => {
      ensureStore(db, RUNS, 'id');
      ensureStore(db, ITEMS, ['runId', 'index'])?.createIndex('runId', 'runId');
    });
    return new MeasureDb(db);
  }

  putRun(run: StoredMeasureRun): Promise<void> {
    return putRecord(this.db, RUNS, run);
  }

  getRun(id: string): Promise<StoredMeasureRun | undefined> {
    return getRecord(this.db, RUNS, id);
  }

  listRuns(): Promise<StoredMeasureRun[]> {
    return getAllRecords(this.db, RUNS);
  }

  /** Resolves once the item is committed: a crash after that keeps it. */
  putItem(item: StoredMeasuredItem): Promise<void> {
    return putRecord(this.db, ITEMS, item);
  }

  /** A run's items in plan order. */
  async listItems(runId: string): Promise<StoredMeasuredItem[]> {
    const items = await promised(
      this.db.transaction(ITEMS).objectStore(ITEMS).index('runId').getAll(runId) as IDBRequest<StoredMeasuredItem[]>,
    );
    return items.sort((a, b) => a.index - b.index);
  }

  /** Deletes a run and its items in one transaction. */
  deleteRun(id: string): Promise<void> {
    return deleteWithChildren(this.db, RUNS, id, ITEMS, 'runId');
  }

  close(): void {
    this.db.close();
  }
}
