import type { SearchRunStore, StoredSearchRun } from '../search-runtime/run-store';
import { committed, promised } from './idb';

// A database of its own: profiles-db.ts owns 'hat-explorer' at its own version, and opening that database at
// another version from a worker would block (or be blocked by) the page's connection.
const DB_NAME = 'hat-explorer-search';
const DB_VERSION = 1;
const RUNS = 'runs';

/** Search run checkpoints in IndexedDB (one record per run, rewritten each generation), so a reload can resume. */
export class SearchRunsDb implements SearchRunStore {
  private constructor(private readonly db: IDBDatabase) {}

  static open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<SearchRunsDb> {
    if (!factory) return Promise.reject(new Error('IndexedDB is not available here'));
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(RUNS)) {
        db.createObjectStore(RUNS, { keyPath: 'runId' }).createIndex('savedAt', 'savedAt');
      }
    };
    return promised(request).then((db) => new SearchRunsDb(db));
  }

  async put(run: StoredSearchRun): Promise<void> {
    const tx = this.db.transaction(RUNS, 'readwrite');
    tx.objectStore(RUNS).put(run);
    await committed(tx);
  }

  get(runId: string): Promise<StoredSearchRun | undefined> {
    return promised(this.db.transaction(RUNS).objectStore(RUNS).get(runId) as IDBRequest<StoredSearchRun | undefined>);
  }

  /** The run saved last: the savedAt index read backwards, one record. */
  async latest(): Promise<StoredSearchRun | undefined> {
    const request = this.db.transaction(RUNS).objectStore(RUNS).index('savedAt').openCursor(null, 'prev');
    const cursor = await promised(request);
    return (cursor?.value as StoredSearchRun | undefined) ?? undefined;
  }

  list(): Promise<StoredSearchRun[]> {
    return promised(this.db.transaction(RUNS).objectStore(RUNS).getAll() as IDBRequest<StoredSearchRun[]>);
  }

  async delete(runId: string): Promise<void> {
    const tx = this.db.transaction(RUNS, 'readwrite');
    tx.objectStore(RUNS).delete(runId);
    await committed(tx);
  }

  close(): void {
    this.db.close();
  }
}
