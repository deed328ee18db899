import type { DatasetSummary, LatencyRow } from '../core/dataset/types';
import { committed, promised } from './idb';

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

  static open(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<ProfilesDb> {
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(PROFILES)) db.createObjectStore(PROFILES, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(PREDICTORS)) {
        db.createObjectStore(PREDICTORS, { keyPath: 'id' }).createIndex('profileId', 'profileId');
      }
    };
    return promised(request).then((db) => new ProfilesDb(db));
  }

  async putProfile(profile: StoredProfile): Promise<void> {
    const tx = this.db.transaction(PROFILES, 'readwrite');
    tx.objectStore(PROFILES).put(profile);
    await committed(tx);
  }

  async putPredictor(predictor: StoredPredictor): Promise<void> {
    const tx = this.db.transaction(PREDICTORS, 'readwrite');
    tx.objectStore(PREDICTORS).put(predictor);
    await committed(tx);
  }

  listProfiles(): Promise<StoredProfile[]> {
    return promised(this.db.transaction(PROFILES).objectStore(PROFILES).getAll() as IDBRequest<StoredProfile[]>);
  }

  listPredictors(): Promise<StoredPredictor[]> {
    return promised(this.db.transaction(PREDICTORS).objectStore(PREDICTORS).getAll() as IDBRequest<StoredPredictor[]>);
  }

  /** Deletes a profile and its predictors in one transaction. */
  async deleteProfile(id: string): Promise<void> {
    const tx = this.db.transaction([PROFILES, PREDICTORS], 'readwrite');
    tx.objectStore(PROFILES).delete(id);
    const predictors = tx.objectStore(PREDICTORS);
    const keys = await promised(predictors.index('profileId').getAllKeys(id));
    for (const key of keys) predictors.delete(key);
    await committed(tx);
  }

  close(): void {
    this.db.close();
  }
}
