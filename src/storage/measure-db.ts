import type { MeasureDevice, MeasuredItem, MeasureRunSpec } from '../core/latency/measure-plan';
import { committed, promised } from './idb';

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

  static open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<MeasureDb> {
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(ITEMS)) {
        db.createObjectStore(ITEMS, { keyPath: ['runId', 'index'] }).createIndex('runId', 'runId');
      }
    };
    return promised(request).then((db) => new MeasureDb(db));
  }

  async putRun(run: StoredMeasureRun): Promise<void> {
    const tx = this.db.transaction(RUNS, 'readwrite');
    tx.objectStore(RUNS).put(run);
    await committed(tx);
  }

  async getRun(id: string): Promise<StoredMeasureRun | undefined> {
    return promised(this.db.transaction(RUNS).objectStore(RUNS).get(id) as IDBRequest<StoredMeasureRun | undefined>);
  }

  listRuns(): Promise<StoredMeasureRun[]> {
    return promised(this.db.transaction(RUNS).objectStore(RUNS).getAll() as IDBRequest<StoredMeasureRun[]>);
  }

  /** Resolves once the item is committed: a crash after that keeps it. */
  async putItem(item: StoredMeasuredItem): Promise<void> {
    const tx = this.db.transaction(ITEMS, 'readwrite');
    tx.objectStore(ITEMS).put(item);
    await committed(tx);
  }

  /** A run's items in plan order. */
  async listItems(runId: string): Promise<StoredMeasuredItem[]> {
    const items = await promised(
      this.db.transaction(ITEMS).objectStore(ITEMS).index('runId').getAll(runId) as IDBRequest<StoredMeasuredItem[]>,
    );
    return items.sort((a, b) => a.index - b.index);
  }

  async deleteRun(id: string): Promise<void> {
    const tx = this.db.transaction([RUNS, ITEMS], 'readwrite');
    tx.objectStore(RUNS).delete(id);
    const items = tx.objectStore(ITEMS);
    for (const key of await promised(items.index('runId').getAllKeys(id))) items.delete(key);
    await committed(tx);
  }

  close(): void {
    this.db.close();
  }
}
