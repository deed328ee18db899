import type { DatasetSummary, LatencyRow } from '../core/dataset/types';
import { deleteWithChildren, ensureStore, getAllRecords, openDatabase, putRecord } from './idb';

/** A latency profile as stored: an imported (or measured) dataset of one device. */
export interface StoredProfile {
  id: string;
  fileName: string;
  device: string;
  /** Canonical dataset hash (src/core/latency/hash.ts); links predictors to the rows they were trained on. */
  sha256: string;
  summary: DatasetSummary;
  rows: LatencyRow[];
  importedAt: string;
  /** One of HAT's datasets that ship with the app (src/core/latency/hat-datasets.ts), added from the app itself. */
  builtin?: boolean;
  /** Hidden by the user: kept (with its predictor) but not listed until restored. */
  hidden?: boolean;
}

/** A predictor as stored: its JSON file text (the same bytes export writes), attached to a profile. */
export interface StoredPredictor {
  id: string;
  profileId: string;
  json: string;
  savedAt: string;
}

const DB_NAME = 'hat-explorer';
const DB_VERSION = 1;
const PROFILES = 'profiles';
const PREDICTORS = 'predictors';

/**
 * Profiles and predictors in IndexedDB, so they survive a reload. The 'hat-explorer' database is this module's
 * alone (measurement and search keep databases of their own), so its version moves only with this file.
 */
export class ProfilesDb {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<ProfilesDb> {
    const db = await openDatabase(factory, name, DB_VERSION, (db) => {
      ensureStore(db, PROFILES, 'id');
      ensureStore(db, PREDICTORS, 'id')?.createIndex('profileId', 'profileId');
    });
    return new ProfilesDb(db);
  }

  putProfile(profile: StoredProfile): Promise<void> {
    return putRecord(this.db, PROFILES, profile);
  }

  putPredictor(predictor: StoredPredictor): Promise<void> {
    return putRecord(this.db, PREDICTORS, predictor);
  }

  listProfiles(): Promise<StoredProfile[]> {
    return getAllRecords(this.db, PROFILES);
  }

  listPredictors(): Promise<StoredPredictor[]> {
    return getAllRecords(this.db, PREDICTORS);
  }

  /** Deletes a profile and its predictors in one transaction. */
  deleteProfile(id: string): Promise<void> {
    return deleteWithChildren(this.db, PROFILES, id, PREDICTORS, 'profileId');
  }

  close(): void {
    this.db.close();
  }
}
