import { proxy, type Remote } from 'comlink';
import { create } from 'zustand';
import {
  hatModelRef,
  type HatImportProgress,
  type HatModelInfo,
  type HatModelRef,
  type ValidationWorkerApi,
} from '../protocol/validation';
import { AccuracyModelDb, type StoredHatModel } from '../storage/accuracy-model-db';
import type { BackendName } from '../tfjs/backend-names';
import { useReferencesStore } from './chart-references';
import { preferredCheckpoint, sortHatFiles } from './hat-files';
import { memoryAdvice } from './hat-memory';
import { useProfilesStore } from './profiles-store';
import { settingsForProfile } from './search-budgets';
import { useSearchStore } from './search-store';
import { validationWorkers } from './search-validation-link';
import { appBaseUrl } from './search-worker';

/** The search's accuracy model: the shipped demo SuperTransformer, or the imported HAT checkpoint. */
export type AccuracyChoice = 'shipped' | 'hat';
/** Backends an import can ask for ('auto' = WebGPU on a real GPU, else WASM). */
export type HatBackendChoice = 'auto' | 'webgpu' | 'wasm';
export const HAT_BACKEND_CHOICES: readonly HatBackendChoice[] = ['auto', 'webgpu', 'wasm'];

/** What inspectHatCheckpoint reads from a checkpoint before any load. */
export type HatInspection = Awaited<ReturnType<ValidationWorkerApi['inspectHatCheckpoint']>>;

/** Files chosen for an import, not loaded yet. */
export interface PendingImport {
  checkpoints: File[];
  checkpoint: File;
  dataFiles: File[];
  /** Null while the checkpoint is being inspected. */
  inspection: HatInspection | null;
}

export interface ImportJob {
  jobId: number;
  fileName: string;
  progress: HatImportProgress | null;
  cancelling: boolean;
}

interface AccuracyModelState {
  choice: AccuracyChoice;
  /** The imported model's record: loaded in this session, or saved before a reload. */
  record: StoredHatModel | null;
  /** True when the record's files were read in this session (a reload needs them chosen again). */
  filesAtHand: boolean;
  pending: PendingImport | null;
  job: ImportJob | null;
  /** The last import problem, in one message; the loaded model and the choice are untouched by it. */
  message: string | null;
  /** What happened last (a cancelled import, a checkpoint other than the saved one). */
  notice: string | null;
  backend: HatBackendChoice;
  restore(): Promise<void>;
  addFiles(files: readonly File[]): Promise<void>;
  chooseCheckpoint(name: string): Promise<void>;
  clearPending(): void;
  setBackend(backend: HatBackendChoice): void;
  load(): Promise<void>;
  cancel(): void;
  choose(choice: AccuracyChoice): void;
  forget(): Promise<void>;
}

/** True while a search runs (or is paused) on the current accuracy model. */
export const searchBusy = (): boolean =>
  ['loading', 'running', 'paused'].includes(useSearchStore.getState().run.status);
const SEARCH_BUSY_MESSAGE =
  'A search is scoring with the current model: cancel it (or let it finish) before changing or loading the model.';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** Job ids of imports: apart from the search's (small), the page's (10^9 and up) and its pool's (2·10^9 and up). */
let nextJobId = 3_000_000_000;

/** Data files chosen without a (readable) checkpoint: they wait for one. */
let waitingData: File[] = [];

/** The files the loaded model was read from, kept for this session only (a File cannot be stored). */
let filesOfRecord: { checkpoint: File; dataFiles: File[] } | null = null;

let dbPromise: Promise<AccuracyModelDb> | undefined;
const database = (): Promise<AccuracyModelDb> => (dbPromise ??= AccuracyModelDb.open());
/** Saves without failing the caller: IndexedDB may be missing (private mode); the model still works. */
const persist = (work: (db: AccuracyModelDb) => Promise<void>): Promise<void> =>
  database()
    .then(work)
    .catch(() => undefined);

/** The search's space name for a checkpoint's own space (the CLI names it the same way). */
export const hatSpaceName = (fileName: string): string => `checkpoint ${fileName}`;

const sameModel = (
  a: Pick<HatModelRef, 'fileName' | 'fileBytes'>,
  b: Pick<HatModelRef, 'fileName' | 'fileBytes'>,
): boolean => a.fileName === b.fileName && a.fileBytes === b.fileBytes;

/** Points the search's settings at the chosen model: a checkpoint scores configs of its own space. */
function applyToSearch(choice: AccuracyChoice, record: StoredHatModel | null): void {
  const search = useSearchStore.getState();
  const { settings } = search;
  if (choice === 'hat' && record) {
    const name = hatSpaceName(record.info.fileName);
    const next = {
      ...settings,
      space: name,
      spaceDefinition: { ...record.info.space, name },
      accuracyModel: hatModelRef(record.info),
    };
    const profile = useProfilesStore.getState().profiles.find((p) => p.id === settings.profileId);
    // Another space has other latencies: budgets follow its predicted range, as when a profile is chosen.
    const budgets = profile ? settingsForProfile(profile.id, profile.predictor, next) : {};
    search.setSettings({ ...next, ...budgets });
  } else if (settings.accuracyModel || settings.spaceDefinition) {
    search.setSettings({ space: 'hat-wmt', spaceDefinition: undefined, accuracyModel: undefined });
  }
}

export const useAccuracyModelStore = create<AccuracyModelState>((set, get) => {
  const inspect = async (pending: PendingImport): Promise<void> => {
    set({ pending: { ...pending, inspection: null }, message: null, notice: null });
    try {
      const inspection = await hatValidationWorker().inspectHatCheckpoint({
        name: pending.checkpoint.name,
        blob: pending.checkpoint,
      });
      if (get().pending?.checkpoint !== pending.checkpoint) return; // another choice came since
      set({ pending: { ...pending, inspection } });
    } catch (error) {
      if (get().pending?.checkpoint !== pending.checkpoint) return;
      // A checkpoint that cannot be read is dropped; the data files chosen with it stay for the next one.
      const others = pending.checkpoints.filter((file) => file !== pending.checkpoint);
      set({ message: `${pending.checkpoint.name}: ${messageOf(error)}` });
      const next = preferredCheckpoint(others);
      set({ pending: next ? { ...pending, checkpoints: others, checkpoint: next, inspection: null } : null });
      if (next) await inspect({ ...pending, checkpoints: others, checkpoint: next });
      else waitingData = pending.dataFiles;
    }
  };

  return {
    choice: 'shipped',
    record: null,
    filesAtHand: false,
    pending: null,
    job: null,
    message: null,
    notice: null,
    backend: 'auto',

    async restore() {
      try {
        const record = (await (await database()).get()) ?? null;
        // This session's import (made before the read answered) wins over the saved one.
        if (!record || get().record) return;
        set({ record, choice: record.chosen ? 'hat' : 'shipped', filesAtHand: false });
        applyToSearch(get().choice, record);
      } catch {
        // No IndexedDB: nothing was saved, so there is nothing to restore.
      }
    },

    async addFiles(files) {
      const { checkpoints, dataFiles } = sortHatFiles(files);
      const current = get().pending;
      if (checkpoints.length === 0 && !current) {
        waitingData = mergeByName(waitingData, dataFiles);
        set({
          message: `No checkpoint among these files: add the HAT checkpoint (.pt) too. Kept ${dataFiles.length} data file${dataFiles.length === 1 ? '' : 's'} for it.`,
        });
        return;
      }
      const allData = mergeByName(current?.dataFiles ?? waitingData, dataFiles);
      waitingData = [];
      const allCheckpoints = mergeByName(current?.checkpoints ?? [], checkpoints);
      const checkpoint =
        checkpoints.length > 0 ? preferredCheckpoint(checkpoints)! : (current?.checkpoint ?? allCheckpoints[0]!);
      const pending = { checkpoints: allCheckpoints, checkpoint, dataFiles: allData, inspection: null };
      if (current && checkpoint === current.checkpoint) {
        set({ pending: { ...current, checkpoints: allCheckpoints, dataFiles: allData }, message: null });
        return;
      }
      await inspect(pending);
    },

    async chooseCheckpoint(name) {
      const pending = get().pending;
      const checkpoint = pending?.checkpoints.find((file) => file.name === name);
      if (pending && checkpoint && checkpoint !== pending.checkpoint) await inspect({ ...pending, checkpoint });
    },

    clearPending() {
      waitingData = [];
      set({ pending: null, message: null });
    },

    setBackend(backend) {
      set({ backend });
    },

    async load() {
      const { pending, job, backend } = get();
      if (!pending?.inspection || job) return;
      if (searchBusy()) {
        set({ message: SEARCH_BUSY_MESSAGE });
        return;
      }
      const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
      const advice = memoryAdvice(pending.inspection.memoryBytes, backend, deviceMemory);
      if (advice.level === 'refuse') {
        set({ message: advice.text });
        return;
      }
      try {
        const { hat: info, backend: loadedOn } = await readIntoWorker(pending);
        filesOfRecord = { checkpoint: pending.checkpoint, dataFiles: pending.dataFiles };
        const previous = get().record;
        const record: StoredHatModel = {
          id: 'imported',
          info,
          backend: loadedOn,
          dataFileNames: pending.dataFiles.map((file) => file.name),
          importedAt: new Date().toISOString(),
          chosen: true,
        };
        set({
          record,
          filesAtHand: true,
          pending: null,
          choice: 'hat',
          notice: previous && !sameModel(previous.info, info) ? `Replaced ${previous.info.fileName}.` : null,
        });
        applyToSearch('hat', record);
        void useReferencesStore.getState().rescore();
        await persist((db) => db.put(record));
      } catch (error) {
        const message = messageOf(error);
        if (message.startsWith('cancelled')) set({ notice: 'Import cancelled; the current model is unchanged.' });
        else set({ message: `${pending.checkpoint.name}: ${message}. The current model is unchanged.` });
      }
    },

    cancel() {
      const job = get().job;
      if (!job) return;
      set({ job: { ...job, cancelling: true } });
      void hatValidationWorker().cancel(job.jobId);
    },

    choose(choice) {
      const record = get().record;
      if (choice === 'hat' && !record) return;
      if (choice === get().choice) return;
      // The running search's model stays in its worker: switching would load the other one under it.
      if (searchBusy()) {
        set({ message: SEARCH_BUSY_MESSAGE });
        return;
      }
      set({ choice, message: null });
      applyToSearch(choice, record);
      void useReferencesStore.getState().rescore();
      if (record) void persist((db) => db.put({ ...record, chosen: choice === 'hat' }));
    },

    async forget() {
      if (searchBusy() && get().choice === 'hat') {
        set({ message: SEARCH_BUSY_MESSAGE });
        return;
      }
      filesOfRecord = null;
      set({ record: null, filesAtHand: false, choice: 'shipped' });
      applyToSearch('shipped', null);
      await persist((db) => db.remove());
    },
  };
});

const mergeByName = (kept: readonly File[], added: readonly File[]): File[] => {
  const names = new Set(added.map((file) => file.name));
  return [...kept.filter((file) => !names.has(file.name)), ...added];
};

/**
 * The validation worker that holds an imported HAT model: the first of the search's (the search validates a HAT run
 * there alone). One copy only: a space0 checkpoint's float32 weights take ~400 MB.
 */
export const hatValidationWorker = (): Remote<ValidationWorkerApi> => validationWorkers().workers[0]!;

/**
 * Makes the validation worker hold `model` (undefined: the shipped demo) before a job scores with it. The shipped
 * model is loaded as before; an imported one is read again from this session's files if another job replaced it in
 * the worker, and otherwise the user is asked for its files (after a reload the page cannot open them by itself).
 */
export async function ensureAccuracyModel(model: HatModelRef | undefined): Promise<void> {
  const worker = hatValidationWorker();
  if (!model) {
    await worker.load({
      backend: 'auto',
      baseUrl: appBaseUrl(),
      wasmThreads: validationWorkers().layout.threadsPerWorker,
    });
    return;
  }
  const current = await worker.current();
  if (current?.hat && sameModel(current.hat, model)) return;
  const record = useAccuracyModelStore.getState().record;
  if (!filesOfRecord || !record || !sameModel(record.info, model)) {
    throw new Error(
      `the imported model ${model.fileName} must be read again: choose its checkpoint, dictionary and valid set in the SuperTransformer tab`,
    );
  }
  // Same files, same model: read again after a shipped-model job took the worker's memory.
  await readIntoWorker(filesOfRecord);
}

/** Reads `files` into the validation worker with progress shown in the store; the current model stays on failure. */
async function readIntoWorker(files: {
  checkpoint: File;
  dataFiles: File[];
}): Promise<{ hat: HatModelInfo; backend: BackendName }> {
  const store = useAccuracyModelStore;
  const jobId = nextJobId++;
  store.setState({ job: { jobId, fileName: files.checkpoint.name, progress: null, cancelling: false }, message: null });
  try {
    const info = await hatValidationWorker().loadHatCheckpoint(
      jobId,
      {
        backend: store.getState().backend,
        wasmThreads: validationWorkers().layout.threadsPerWorker,
        checkpoint: { name: files.checkpoint.name, blob: files.checkpoint },
        dataFiles: files.dataFiles.map((file) => ({ name: file.name, blob: file })),
      },
      proxy((progress: HatImportProgress) => {
        const job = store.getState().job;
        if (job?.jobId === jobId) store.setState({ job: { ...job, progress } });
      }),
    );
    if (!info.hat) throw new Error('the worker loaded no HAT model');
    return { hat: info.hat, backend: info.backend };
  } finally {
    if (store.getState().job?.jobId === jobId) store.setState({ job: null });
  }
}
