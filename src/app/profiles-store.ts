import { proxy } from 'comlink';
import { create } from 'zustand';
import type { DatasetSummary, LatencyRow } from '../core/dataset/types';
import { deviceFromFileName } from '../core/latency/device';
import { datasetSha256 } from '../core/latency/hash';
import { parsePredictorJson, predictorToJson } from '../core/latency/json';
import type { LatencyPredictor } from '../core/latency/predictor';
import type { PredictorTrainProgress } from '../protocol/predictor';
import { ProfilesDb, type StoredPredictor, type StoredProfile } from '../storage/profiles-db';
import { getPredictorWorker } from './predictor-worker';
import { readAndParse } from './read-file';
import { APP_SPLIT_SEED } from './split-seed';

export { APP_SPLIT_SEED };

export interface Profile {
  id: string;
  fileName: string;
  device: string;
  sha256: string;
  /** Absent for a predictor imported without its dataset. */
  data?: { rows: LatencyRow[]; summary: DatasetSummary };
  predictor?: LatencyPredictor;
  /**
   * The predictor's file (src/core/latency/json.ts), as stored in IndexedDB. Kept so starting a search or exporting
   * the predictor does not serialise its weights again on the main thread (~35k numbers, tens of ms).
   */
  predictorJson?: string;
  training?: PredictorTrainProgress | { step: 0; maxSteps: number };
  /** The last failure on this profile (training, saving), shown on it alone. */
  error?: string;
}

export type StorageState = { status: 'loading' } | { status: 'ready' } | { status: 'unavailable'; message: string };

interface ProfilesState {
  storage: StorageState;
  profiles: Profile[];
  /** Outcome of the last predictor-file import, one line per file. */
  predictorNotices: { fileName: string; ok: boolean; message: string }[];
  hydrate(): Promise<void>;
  /** `device` names a measured profile; an imported file's device comes from its name. */
  addProfile(fileName: string, rows: LatencyRow[], summary: DatasetSummary, device?: string): Promise<void>;
  removeProfile(id: string): Promise<void>;
  trainPredictor(id: string): Promise<void>;
  importPredictorFiles(files: readonly File[]): Promise<void>;
  adaptPredictor(targetId: string, baseId: string, k: number): Promise<void>;
}

const profileIdFor = (sha256: string): string => `profile-${sha256.slice(0, 16)}`;
const predictorIdFor = (profileId: string): string => `predictor-${profileId}`;

let dbPromise: Promise<ProfilesDb> | undefined;
const database = (): Promise<ProfilesDb> => (dbPromise ??= ProfilesDb.open());

export const useProfilesStore = create<ProfilesState>((set, get) => {
  const update = (id: string, patch: Partial<Profile>): void =>
    set((state) => ({ profiles: state.profiles.map((p) => (p.id === id ? { ...p, ...patch } : p)) }));

  /** Saves without ever failing the caller: IndexedDB can be missing (private mode) or full. */
  const persist = async (work: (db: ProfilesDb) => Promise<void>, profileId?: string): Promise<void> => {
    if (get().storage.status !== 'ready') return;
    try {
      await work(await database());
    } catch (error) {
      const message = `not saved in this browser: ${(error as Error).message}`;
      if (profileId) update(profileId, { error: message });
    }
  };

  const attachPredictor = async (profileId: string, predictor: LatencyPredictor): Promise<void> => {
    const json = predictorToJson(predictor);
    update(profileId, { predictor, predictorJson: json, training: undefined, error: undefined });
    const stored: StoredPredictor = {
      id: predictorIdFor(profileId),
      profileId,
      json,
      savedAt: new Date().toISOString(),
    };
    await persist((db) => db.putPredictor(stored), profileId);
  };

  return {
    storage: { status: 'loading' },
    profiles: [],
    predictorNotices: [],

    async hydrate() {
      try {
        const db = await database();
        const [profiles, predictors] = await Promise.all([db.listProfiles(), db.listPredictors()]);
        const loaded: Profile[] = profiles.map((p) => ({
          id: p.id,
          fileName: p.fileName,
          device: p.device,
          sha256: p.sha256,
          data: { rows: p.rows, summary: p.summary },
        }));
        for (const stored of predictors) {
          const parsed = parsePredictorJson(stored.json);
          if (!parsed.ok) continue; // a file this version cannot read stays stored but is not shown
          const owner = loaded.find((p) => p.id === stored.profileId);
          if (owner) {
            owner.predictor = parsed.value;
            owner.predictorJson = stored.json;
          } else {
            const { datasetName, device, datasetSha256 } = parsed.value.provenance;
            loaded.push({
              id: stored.profileId,
              fileName: datasetName,
              device,
              sha256: datasetSha256,
              predictor: parsed.value,
              predictorJson: stored.json,
            });
          }
        }
        // Profiles added while loading (a fast drop) stay; stored ones fill in around them.
        set((state) => ({
          storage: { status: 'ready' },
          profiles: [...loaded.filter((p) => !state.profiles.some((q) => q.id === p.id)), ...state.profiles],
        }));
      } catch (error) {
        set({ storage: { status: 'unavailable', message: (error as Error).message } });
      }
    },

    async addProfile(fileName, rows, summary, device) {
      const sha256 = await datasetSha256(rows);
      const id = profileIdFor(sha256);
      const existing = get().profiles.find((p) => p.id === id);
      if (existing?.data) return; // the same rows again: one profile
      const profile: Profile = {
        ...existing,
        id,
        fileName,
        device: device ?? deviceFromFileName(fileName),
        sha256,
        data: { rows, summary },
      };
      set((state) => ({
        profiles: existing ? state.profiles.map((p) => (p.id === id ? profile : p)) : [...state.profiles, profile],
      }));
      const stored: StoredProfile = {
        id,
        fileName,
        device: profile.device,
        sha256,
        summary,
        rows,
        importedAt: new Date().toISOString(),
      };
      await persist((db) => db.putProfile(stored), id);
    },

    async removeProfile(id) {
      set((state) => ({ profiles: state.profiles.filter((p) => p.id !== id) }));
      await persist((db) => db.deleteProfile(id));
    },

    async trainPredictor(id) {
      const profile = get().profiles.find((p) => p.id === id);
      if (!profile?.data || profile.training) return;
      update(id, { training: { step: 0, maxSteps: 1 }, error: undefined });
      try {
        const result = await getPredictorWorker().train(
          { rows: profile.data.rows, seed: APP_SPLIT_SEED, datasetName: profile.fileName, device: profile.device },
          proxy((progress: PredictorTrainProgress) => update(id, { training: progress })),
        );
        await attachPredictor(id, result.predictor);
      } catch (error) {
        update(id, { training: undefined, error: `training failed: ${(error as Error).message}` });
      }
    },

    async importPredictorFiles(files) {
      const notices: ProfilesState['predictorNotices'] = [];
      for (const file of files) {
        const parsed = await readAndParse(file, parsePredictorJson, 'latency predictor');
        if (!parsed.ok) {
          notices.push({ fileName: file.name, ok: false, message: parsed.message });
          continue;
        }
        const predictor = parsed.value;
        const { datasetSha256: sha, datasetName, device } = predictor.provenance;
        const owner = get().profiles.find((p) => p.sha256 === sha);
        const id = owner?.id ?? profileIdFor(sha);
        if (!owner)
          set((state) => ({ profiles: [...state.profiles, { id, fileName: datasetName, device, sha256: sha }] }));
        await attachPredictor(id, predictor);
        notices.push({
          fileName: file.name,
          ok: true,
          message: owner ? `attached to ${owner.fileName}` : `added for ${device} (its dataset is not imported)`,
        });
      }
      set({ predictorNotices: notices });
    },

    async adaptPredictor(targetId, baseId, k) {
      const target = get().profiles.find((p) => p.id === targetId);
      const base = get().profiles.find((p) => p.id === baseId)?.predictor;
      if (!target?.data || !base || target.training) return;
      update(targetId, { training: { step: 0, maxSteps: 1 }, error: undefined });
      try {
        const adapted = await getPredictorWorker().adapt({
          base,
          targetRows: target.data.rows,
          targetName: target.fileName,
          targetDevice: target.device,
          k,
          seed: APP_SPLIT_SEED,
        });
        await attachPredictor(targetId, adapted);
      } catch (error) {
        update(targetId, { training: undefined, error: `adaptation failed: ${(error as Error).message}` });
      }
    },
  };
});
