import { proxy, wrap, type Remote } from 'comlink';
import { create } from 'zustand';
import { summarizeRows } from '../core/dataset/summary';
import { writeLatencyCsv } from '../core/dataset/write';
import {
  defaultMeasureSettings,
  measurementSidecar,
  measureSettingsProblem,
  sampleRows,
  type MeasuredItem,
  type MeasureSettings,
  withThreads,
} from '../core/latency/measure-plan';
import { builtinSpace } from '../core/space';
import type { LatencyWorkerApi, MeasureBackend, MeasureOutcome, MeasureProgress } from '../protocol/latency';
import { MeasureDb, type StoredMeasureRun } from '../storage/measure-db';
import { useComputeStore } from './compute-store';
import { useProfilesStore } from './profiles-store';
import { startTfjsWorker } from './tfjs-worker';

export const DEFAULT_MEASURE_SPACE = 'hat-wmt-latency';

export interface MeasureForm {
  space: string;
  backend: MeasureBackend;
  count: number;
  seed: number;
  settings: MeasureSettings;
}

export interface MeasureRunView {
  run: StoredMeasureRun;
  items: MeasuredItem[];
}

/** What this tab is doing with the worker right now. */
export type ActivityState =
  | { kind: 'idle' }
  | { kind: 'starting' | 'running' | 'pausing' | 'cancelling'; runId?: string; progress?: MeasureProgress };

interface MeasureState {
  storage: 'loading' | 'ready' | 'unavailable';
  form: MeasureForm;
  runs: MeasureRunView[];
  activity: ActivityState;
  error?: string;
  setForm(patch: Partial<Omit<MeasureForm, 'settings'>> & { settings?: Partial<MeasureSettings> }): void;
  hydrate(): Promise<void>;
  start(): Promise<void>;
  resume(runId: string): Promise<void>;
  pause(): void;
  cancel(): void;
  exportRun(runId: string): void;
  addAsProfile(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
}

let worker: { api: Remote<LatencyWorkerApi>; raw: Worker; threads: number } | undefined;
/**
 * The latency worker; one for `threads` WASM threads when given (a worker's count is fixed once its backend starts,
 * so another count ends it and starts a new one). Pause and cancel reach the one running.
 */
function latencyWorker(threads?: number): Remote<LatencyWorkerApi> {
  if (!worker || (threads !== undefined && threads !== worker.threads)) {
    worker?.raw.terminate();
    const raw = startTfjsWorker('latency');
    worker = { api: wrap<LatencyWorkerApi>(raw), raw, threads: threads ?? 1 };
  }
  return worker.api;
}

let dbPromise: Promise<MeasureDb> | undefined;
const database = (): Promise<MeasureDb> => (dbPromise ??= MeasureDb.open());

/** The file name a run exports under, and the name its profile carries. */
export const runFileName = (run: StoredMeasureRun): string =>
  `measured_${run.space}_${runBackendLabel(run).replace(/ /g, '-')}_${run.startedAt.slice(0, 19).replace(/[:T]/g, '-')}.csv`;

/** The backend and, for WASM, its threads: latency depends on them, so profiles and files carry both. */
export function runBackendLabel(run: StoredMeasureRun): string {
  if (run.backend !== 'wasm') return run.backend;
  const threads = run.device.threads ?? withThreads(run.settings).threads;
  return `wasm ${threads} thread${threads === 1 ? '' : 's'}`;
}

export const runDevice = (run: StoredMeasureRun): string => `This device, ${runBackendLabel(run)} (${run.space})`;

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const useMeasureStore = create<MeasureState>((set, get) => {
  const patchRun = (runId: string, patch: (view: MeasureRunView) => MeasureRunView): void =>
    set((state) => ({ runs: state.runs.map((v) => (v.run.id === runId ? patch(v) : v)) }));

  /** Re-reads one run from IndexedDB: the worker is the writer, this tab only mirrors it. */
  const reload = async (runId: string): Promise<void> => {
    const db = await database();
    const [run, items] = await Promise.all([db.getRun(runId), db.listItems(runId)]);
    if (!run) return;
    set((state) => ({
      runs: state.runs.some((v) => v.run.id === runId)
        ? state.runs.map((v) => (v.run.id === runId ? { run, items } : v))
        : [{ run, items }, ...state.runs],
    }));
  };

  const onProgress = (progress: MeasureProgress): void => {
    const known = get().runs.some((v) => v.run.id === progress.runId);
    set((state) => ({
      activity:
        state.activity.kind === 'idle'
          ? state.activity
          : {
              kind: state.activity.kind === 'starting' ? 'running' : state.activity.kind,
              runId: progress.runId,
              progress,
            },
    }));
    if (!known) {
      void reload(progress.runId);
      return;
    }
    const last = progress.last;
    if (last) {
      patchRun(progress.runId, (v) => ({
        ...v,
        items: [...v.items.filter((i) => i.index !== last.index), last].sort((a, b) => a.index - b.index),
      }));
    }
  };

  /** Waits for a run, holding `threads` of the app's threads for it meanwhile (validation gives way). */
  const finish = async (work: Promise<MeasureOutcome>, threads: number): Promise<void> => {
    useComputeStore.getState().setMeasuringThreads(threads);
    try {
      const outcome = await work;
      set({ activity: { kind: 'idle' }, error: outcome.error ? `measurement failed: ${outcome.error}` : undefined });
      await reload(outcome.runId);
      if (outcome.status === 'done') await get().addAsProfile(outcome.runId);
    } catch (error) {
      set({ activity: { kind: 'idle' }, error: (error as Error).message });
    } finally {
      useComputeStore.getState().setMeasuringThreads(0);
    }
  };

  const initialSpace = builtinSpace(DEFAULT_MEASURE_SPACE)!;
  return {
    storage: 'loading',
    form: {
      space: DEFAULT_MEASURE_SPACE,
      backend: 'wasm',
      count: 50,
      seed: 1,
      settings: defaultMeasureSettings(initialSpace),
    },
    runs: [],
    activity: { kind: 'idle' },

    setForm(patch) {
      set((state) => {
        const spaceChanged = patch.space !== undefined && patch.space !== state.form.space;
        const space = builtinSpace(patch.space ?? state.form.space);
        // A new space brings its own protocol defaults (IWSLT: smaller vocabulary).
        const base = spaceChanged && space ? defaultMeasureSettings(space) : state.form.settings;
        return { form: { ...state.form, ...patch, settings: { ...base, ...patch.settings } } };
      });
    },

    async hydrate() {
      try {
        const db = await database();
        const runs = await db.listRuns();
        const views = await Promise.all(runs.map(async (run) => ({ run, items: await db.listItems(run.id) })));
        views.sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt));
        set({ storage: 'ready', runs: views });
      } catch (error) {
        set({ storage: 'unavailable', error: `measurements are not saved: ${(error as Error).message}` });
      }
    },

    async start() {
      if (get().activity.kind !== 'idle') return;
      const { form } = get();
      const problem = measureSettingsProblem(form.settings);
      if (problem) return set({ error: problem });
      if (!Number.isInteger(form.count) || form.count < 1) return set({ error: 'sample count must be at least 1' });
      set({ activity: { kind: 'starting' }, error: undefined });
      await finish(latencyWorker(form.settings.threads).start({ ...form }, proxy(onProgress)), form.settings.threads);
    },

    async resume(runId) {
      if (get().activity.kind !== 'idle') return;
      const stored = get().runs.find((v) => v.run.id === runId)?.run;
      const threads = stored ? withThreads(stored.settings).threads : 1;
      set({ activity: { kind: 'starting', runId }, error: undefined });
      await finish(latencyWorker(threads).resume(runId, proxy(onProgress)), threads);
    },

    pause() {
      const { activity } = get();
      if (activity.kind !== 'running' && activity.kind !== 'starting') return;
      set({ activity: { ...activity, kind: 'pausing' } });
      void latencyWorker().pause();
    },

    cancel() {
      const { activity } = get();
      if (activity.kind === 'idle' || activity.kind === 'cancelling') return;
      set({ activity: { ...activity, kind: 'cancelling' } });
      void latencyWorker().cancel();
    },

    exportRun(runId) {
      const view = get().runs.find((v) => v.run.id === runId);
      if (!view) return;
      const { run, items } = view;
      const fileName = runFileName(run);
      download(fileName, writeLatencyCsv(sampleRows(items)), 'text/csv');
      const space = builtinSpace(run.space);
      const sidecar = measurementSidecar(run, run.device, space?.defaultTokens ?? 30, items, {
        startedAt: run.startedAt,
        exportedAt: new Date().toISOString(),
      });
      download(
        fileName.replace(/\.csv$/, '.measure.json'),
        `${JSON.stringify(sidecar, null, 2)}\n`,
        'application/json',
      );
    },

    async addAsProfile(runId) {
      const view = get().runs.find((v) => v.run.id === runId);
      if (!view) return;
      const rows = sampleRows(view.items);
      if (rows.length === 0) return set({ error: 'no measured rows yet' });
      await useProfilesStore
        .getState()
        .addProfile(runFileName(view.run), rows, summarizeRows(rows), runDevice(view.run));
    },

    async deleteRun(runId) {
      const { activity } = get();
      if (activity.kind !== 'idle' && activity.runId === runId) return;
      set((state) => ({ runs: state.runs.filter((v) => v.run.id !== runId) }));
      await (await database()).deleteRun(runId);
    },
  };
});
