import { proxy } from 'comlink';
import { create } from 'zustand';
import type { DatasetSummary, LatencyRow } from '../core/dataset/types';
import { deviceFromFileName, profileNameOf } from '../core/latency/device';
import { datasetSha256 } from '../core/latency/hash';
import { HAT_BUILTIN_DATASETS, profileIdForSha256 } from '../core/latency/hat-datasets';
import { DEFAULT_SPLIT_SEED } from '../core/latency/split';
import { parsePredictorJson, predictorToJson } from '../core/latency/json';
import type { LatencyPredictor } from '../core/latency/predictor';
import type { PredictorTrainProgress } from '../protocol/predictor';
import { ProfilesDb, type StoredPredictor, type StoredProfile } from '../storage/profiles-db';
import { fetchHatProfile } from './hat-profiles';
import { getPredictorWorker } from './predictor-worker';
import { readAndParse } from './read-file';

/** The split seed the app trains with (the CLI's default too), so app and CLI predictors are comparable. */
export const APP_SPLIT_SEED = DEFAULT_SPLIT_SEED;

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
  /** One of HAT's measurements that ship with the app: hidden and restored rather than removed. */
  builtin?: boolean;
  /** The last failure on this profile (training, saving), shown on it alone. */
  error?: string;
}

export type StorageState = { status: 'loading' } | { status: 'ready' } | { status: 'unavailable'; message: string };

/** A built-in profile being fetched, or why it could not be (by dataset file name). */
export type HatLoadState = { status: 'loading' } | { status: 'error'; message: string };

interface ProfilesState {
  storage: StorageState;
  profiles: Profile[];
  /** Built-in profiles the user hid: kept with their predictors, listed again by restoreProfile. */
  hiddenProfiles: Profile[];
  hatLoads: Record<string, HatLoadState>;
  /** Outcome of the last predictor-file import, one line per file. */
  predictorNotices: { fileName: string; ok: boolean; message: string }[];
  hydrate(): Promise<void>;
  /** `device` names a measured profile; an imported file's device comes from its name. */
  addProfile(fileName: string, rows: LatencyRow[], summary: DatasetSummary, device?: string): Promise<void>;
  /**
   * Adds one of HAT's shipped datasets (by file name) with its shipped predictor, or restores it if hidden; resolves
   * to its profile id, or null when it could not be loaded (the reason is in hatLoads).
   */
  addHatProfile(fileName: string): Promise<string | null>;
  removeProfile(id: string): Promise<void>;
  hideProfile(id: string): Promise<void>;
  restoreProfile(id: string): Promise<void>;
  trainPredictor(id: string): Promise<void>;
  importPredictorFiles(files: readonly File[]): Promise<void>;
  adaptPredictor(targetId: string, baseId: string, k: number): Promise<void>;
}

const profileIdFor = profileIdForSha256;
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

  const storedRecord = (profile: Profile, hidden: boolean): StoredProfile | null =>
    profile.data
      ? {
          id: profile.id,
          fileName: profile.fileName,
          device: profile.device,
          sha256: profile.sha256,
          summary: profile.data.summary,
          rows: profile.data.rows,
          importedAt: new Date().toISOString(),
          ...(profile.builtin ? { builtin: true } : {}),
          ...(hidden ? { hidden: true } : {}),
        }
      : null;

  /** Moves a profile between the listed and the hidden ones, and saves which it is. */
  const setHidden = async (id: string, hidden: boolean): Promise<void> => {
    const { profiles, hiddenProfiles } = get();
    const profile = (hidden ? profiles : hiddenProfiles).find((p) => p.id === id);
    if (!profile) return;
    set({
      profiles: hidden ? profiles.filter((p) => p.id !== id) : [...profiles, profile],
      hiddenProfiles: hidden ? [...hiddenProfiles, profile] : hiddenProfiles.filter((p) => p.id !== id),
    });
    const record = storedRecord(profile, hidden);
    if (record) await persist((db) => db.putProfile(record), id);
  };

  const attachPredictor = async (profileId: string, predictor: LatencyPredictor, knownJson?: string): Promise<void> => {
    const json = knownJson ?? predictorToJson(predictor);
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
    hiddenProfiles: [],
    hatLoads: {},
    predictorNotices: [],

    async hydrate() {
      try {
        const db = await database();
        const [profiles, predictors] = await Promise.all([db.listProfiles(), db.listPredictors()]);
        const loaded: (Profile & { hidden?: boolean })[] = profiles.map((p) => ({
          id: p.id,
          fileName: p.fileName,
          // Named again from the file: names stored before they carried the task could name the wrong one.
          device: profileNameOf({ datasetName: p.fileName, device: p.device }),
          sha256: p.sha256,
          data: { rows: p.rows, summary: p.summary },
          ...(p.builtin ? { builtin: true } : {}),
          ...(p.hidden ? { hidden: true } : {}),
        }));
        for (const stored of predictors) {
          const parsed = parsePredictorJson(stored.json);
          if (!parsed.ok) continue; // a file this version cannot read stays stored but is not shown
          const owner = loaded.find((p) => p.id === stored.profileId);
          if (owner) {
            owner.predictor = parsed.value;
            owner.predictorJson = stored.json;
          } else {
            const { datasetName, datasetSha256 } = parsed.value.provenance;
            loaded.push({
              id: stored.profileId,
              fileName: datasetName,
              device: profileNameOf(parsed.value.provenance),
              sha256: datasetSha256,
              predictor: parsed.value,
              predictorJson: stored.json,
            });
          }
        }
        // Profiles added while loading (a fast drop) stay; stored ones fill in around them.
        const strip = ({ hidden: _hidden, ...profile }: Profile & { hidden?: boolean }): Profile => profile;
        set((state) => ({
          storage: { status: 'ready' },
          profiles: [
            ...loaded.filter((p) => !p.hidden && !state.profiles.some((q) => q.id === p.id)).map(strip),
            ...state.profiles,
          ],
          hiddenProfiles: loaded.filter((p) => p.hidden && !state.profiles.some((q) => q.id === p.id)).map(strip),
        }));
      } catch (error) {
        set({ storage: { status: 'unavailable', message: (error as Error).message } });
      }
    },

    async addProfile(fileName, rows, summary, device) {
      const sha256 = await datasetSha256(rows);
      const id = profileIdFor(sha256);
      if (get().hiddenProfiles.some((p) => p.id === id)) return setHidden(id, false); // a hidden built-in's rows
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

    async addHatProfile(fileName) {
      const dataset = HAT_BUILTIN_DATASETS.find((d) => d.fileName === fileName);
      if (!dataset) return null;
      const id = profileIdFor(dataset.sha256);
      if (get().hiddenProfiles.some((p) => p.id === id)) await setHidden(id, false);
      if (get().profiles.some((p) => p.id === id && p.data && p.predictor)) return id;
      if (get().hatLoads[fileName]?.status === 'loading') return null;
      const setLoad = (load: HatLoadState | null): void =>
        set((state) => {
          const { [fileName]: _previous, ...others } = state.hatLoads;
          return { hatLoads: load ? { ...others, [fileName]: load } : others };
        });
      setLoad({ status: 'loading' });
      try {
        const files = await fetchHatProfile(dataset);
        const existing = get().profiles.find((p) => p.id === id);
        const profile: Profile = {
          ...existing,
          id,
          fileName,
          device: deviceFromFileName(fileName),
          sha256: dataset.sha256,
          data: { rows: files.rows, summary: files.summary },
          // A predictor the user trained or adapted on this profile stays; the shipped one fills in otherwise.
          predictor: existing?.predictor ?? files.predictor,
          predictorJson: existing?.predictor ? existing.predictorJson : files.predictorJson,
          builtin: true,
        };
        set((state) => ({
          profiles: existing ? state.profiles.map((p) => (p.id === id ? profile : p)) : [...state.profiles, profile],
        }));
        setLoad(null);
        const record = storedRecord(profile, false)!;
        await persist((db) => db.putProfile(record), id);
        if (!existing?.predictor) await attachPredictor(id, files.predictor, files.predictorJson);
        return id;
      } catch (error) {
        setLoad({ status: 'error', message: (error as Error).message });
        return null;
      }
    },

    hideProfile: (id) => setHidden(id, true),

    restoreProfile: (id) => setHidden(id, false),

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
