import type { HatModelInfo } from '../protocol/validation';
import type { BackendName } from '../tfjs/backend-names';
import { deleteRecord, ensureStore, getRecord, openDatabase, putRecord } from './idb';

/**
 * The imported HAT model's record, kept across reloads. Only what was read from it (the browser cannot re-open the
 * user's files by itself, so after a reload the app shows this and asks for the files again).
 */
export interface StoredHatModel {
  id: typeof RECORD_ID;
  info: HatModelInfo;
  /** The tf.js backend it was last loaded on. */
  backend: BackendName;
  /** The dictionary and validation files it was loaded with, by name. */
  dataFileNames: string[];
  importedAt: string;
  /** Whether it was the search's accuracy model (else the shipped demo was). */
  chosen: boolean;
}

// A database of its own, like measurement and search: its version moves only with this file.
const DB_NAME = 'hat-explorer-accuracy-model';
const DB_VERSION = 1;
const MODELS = 'models';
/** One imported model at a time: the one the validation worker can hold. */
const RECORD_ID = 'imported';

export class AccuracyModelDb {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<AccuracyModelDb> {
    const db = await openDatabase(factory, name, DB_VERSION, (db) => void ensureStore(db, MODELS, 'id'));
    return new AccuracyModelDb(db);
  }

  get(): Promise<StoredHatModel | undefined> {
    return getRecord(this.db, MODELS, RECORD_ID);
  }

  put(record: Omit<StoredHatModel, 'id'>): Promise<void> {
    return putRecord(this.db, MODELS, { ...record, id: RECORD_ID });
  }

  /** Forgets the imported model. */
  remove(): Promise<void> {
    return deleteRecord(this.db, MODELS, RECORD_ID);
  }

  close(): void {
    this.db.close();
  }
}
