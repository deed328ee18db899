import type { SearchRunStore, StoredSearchRun } from '../search-runtime/run-store';
import { deleteRecord, ensureStore, getAllRecords, getRecord, openDatabase, promised, putRecord } from './idb';

// A database of its own: profiles-db.ts owns 'hat-explorer' at its own version, and opening that database at
// another version from a worker would block (or be blocked by) the page's connection.
const DB_NAME = 'hat-explorer-search';
const DB_VERSION = 1;
const RUNS = 'runs';

/** Search run checkpoints in IndexedDB (one record per run, rewritten each generation), so a reload can resume. */
export class SearchRunsDb implements SearchRunStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<SearchRunsDb> {
    const db = await openDatabase(factory, name, DB_VERSION, (db) => {
      ensureStore(db, RUNS, 'runId')?.createIndex('savedAt', 'savedAt');
    });
    return new SearchRunsDb(db);
  }

  put(run: StoredSearchRun): Promise<void> {
    return putRecord(this.db, RUNS, run);
  }

  get(runId: string): Promise<StoredSearchRun | undefined> {
    return getRecord(this.db, RUNS, runId);
  }

  /** The run saved last: the savedAt index read backwards, one record. */
  async latest(): Promise<StoredSearchRun | undefined> {
    const request = this.db.transaction(RUNS).objectStore(RUNS).index('savedAt').openCursor(null, 'prev');
    const cursor = await promised(request);
    return (cursor?.value as StoredSearchRun | undefined) ?? undefined;
  }

  list(): Promise<StoredSearchRun[]> {
    return getAllRecords(this.db, RUNS);
  }

  delete(runId: string): Promise<void> {
    return deleteRecord(this.db, RUNS, runId);
  }

  close(): void {
    this.db.close();
  }
}
