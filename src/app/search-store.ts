import { proxy } from 'comlink';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { predictorToJson } from '../core/latency/json';
import type {
  SearchAlgorithm,
  SearchBudgetResultView,
  SearchCallbacks,
  SearchPointView,
  SearchReportMessage,
  SearchSettings,
  SearchTiming,
  SavedSearchRun,
} from '../protocol/search';
import type { SearchSpace } from '../core/space';
import { ensureAccuracyModel } from './accuracy-model-store';
import { useProfilesStore } from './profiles-store';
import { DEFAULT_SPACE, searchSpaceOf } from './search-space';
import { getSearchClient, getSearchClientForRun } from './search-worker';

export type { SearchAlgorithm, SearchPointView, SearchSettings, SearchBudgetResultView, SearchTiming };

export interface SearchRunView {
  status: 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';
  message: string | null;
  /** Populations scored so far (across a sweep's budgets). */
  generation: number;
  generations: number;
  uniqueValidations: number;
  /** Validations HAT's own procedure would have run by now (it re-scores every population in full). */
  naiveValidations: number;
  etaSeconds: number | null;
  points: SearchPointView[];
  front: SearchPointView[];
  best: SearchPointView | null;
  /** Reports received for this run: the chart's change counter. */
  updates: number;
  /** Id of the run (its IndexedDB key); null before the first start. */
  runId: string | null;
  /** The budget of the search that last stepped (null for an uncapped NSGA-II). */
  budgetMs: number | null;
  budgetResults: SearchBudgetResultView[];
  timing: SearchTiming | null;
  /** The settings the run was started with (the panel's may have been edited since). */
  runSettings: SearchSettings | null;
}

interface SearchState {
  settings: SearchSettings;
  run: SearchRunView;
  /**
   * Configs validated so far within the generation now running, for the progress bar. Kept out of `run`, so a
   * progress tick re-renders the bar alone, not every view of the run (chart, exports, controls).
   */
  progress: { done: number; total: number } | null;
  selectedKey: string | null;
  /** A run saved in this browser that resumeSaved() would continue (checked once on load). */
  saved: SavedSearchRun | null;
  setSettings(partial: Partial<SearchSettings>): void;
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  cancel(): void;
  select(key: string | null): void;
  resumeSaved(): Promise<void>;
  /** Looks for a saved run (the app calls it once on load). */
  checkSaved(): Promise<void>;
}

/** HAT's settings scaled to one browser tab: population 20 and 3 iterations run in minutes on the shipped model. */
export const DEFAULT_SEARCH_SETTINGS: SearchSettings = Object.freeze({
  space: 'hat-wmt',
  profileId: null,
  algorithm: 'hat',
  budgetsMs: Object.freeze([200]) as unknown as number[],
  population: 20,
  iterations: 3,
  parents: 4,
  mutations: 8,
  crossovers: 8,
  mutationProb: 0.3,
  seed: 1,
  latencyConfidence: null,
}) as SearchSettings;

export const IDLE_RUN: SearchRunView = Object.freeze({
  status: 'idle',
  message: null,
  generation: 0,
  generations: 0,
  uniqueValidations: 0,
  naiveValidations: 0,
  etaSeconds: null,
  points: [],
  front: [],
  best: null,
  updates: 0,
  runId: null,
  budgetMs: null,
  budgetResults: [],
  timing: null,
  runSettings: null,
}) as SearchRunView;

/** Why these settings cannot start, or null when they can. */
export function settingsProblem(settings: SearchSettings): string | null {
  const { population, iterations, parents, mutations, crossovers, mutationProb, budgetsMs, algorithm } = settings;
  const whole = (x: number): boolean => Number.isInteger(x) && x >= 0;
  if (!settings.profileId) return 'choose a latency profile with a trained predictor';
  if (algorithm !== 'nsga2' && budgetsMs.length === 0) return 'set a latency budget';
  if (budgetsMs.some((b) => !(Number.isFinite(b) && b > 0))) return 'latency budgets must be positive numbers of ms';
  if (!(whole(population) && population >= 2)) return 'population must be a whole number of at least 2';
  if (!(whole(iterations) && iterations >= 1)) return 'iterations must be a whole number of at least 1';
  if (!Number.isInteger(settings.seed)) return 'the seed must be a whole number';
  if (!(mutationProb >= 0 && mutationProb <= 1)) return 'mutation probability must be between 0 and 1';
  if (algorithm !== 'nsga2') {
    if (!(whole(parents) && parents >= 1 && parents <= population))
      return 'parents must be between 1 and the population';
    if (!whole(mutations) || !whole(crossovers)) return 'mutations and crossovers must be whole numbers';
    if (crossovers > 0 && parents < 2) return 'crossover needs at least 2 parents';
  }
  return null;
}

/** Lets the browser run what is queued (input, rendering) before continuing, as a new task. */
const yieldToBrowser = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const newRunId = (): string => `run-${new Date().toISOString().replace(/[:.]/g, '-')}`;

export const useSearchStore: UseBoundStore<StoreApi<SearchState>> = create<SearchState>((set, get) => {
  /** Callbacks for the worker; reports of an older run (a cancelled one still finishing) are ignored. */
  const callbacksFor = (runId: string): SearchCallbacks =>
    proxy({
      onReport(report: SearchReportMessage) {
        if (get().run.runId !== runId) return;
        set((state) => ({ run: applyReport(state.run, report), progress: null }));
      },
      onProgress(progress: { runId: string; done: number; total: number }) {
        if (get().run.runId !== runId) return;
        set({ progress: { done: progress.done, total: progress.total } });
      },
    });

  const fail = (runId: string | null, error: unknown): void => {
    if (get().run.runId !== runId) return;
    set((state) => ({ run: { ...state.run, status: 'error', message: (error as Error).message ?? String(error) } }));
  };

  return {
    settings: { ...DEFAULT_SEARCH_SETTINGS, budgetsMs: [...DEFAULT_SEARCH_SETTINGS.budgetsMs] },
    run: IDLE_RUN,
    progress: null,
    selectedKey: null,
    saved: null,

    setSettings(partial) {
      set((state) => ({ settings: { ...state.settings, ...partial } }));
    },

    async start() {
      // Out of the Start click's task: the input event's own work (hit testing, focus, the pressed button's
      // repaint) then finishes first, and the re-render below is a task of its own.
      await yieldToBrowser();
      const { settings, run } = get();
      if (run.status === 'loading' || run.status === 'running' || run.status === 'paused') return;
      const problem = settingsProblem(settings);
      const profile = useProfilesStore.getState().profiles.find((p) => p.id === settings.profileId);
      const message =
        problem ??
        (!profile
          ? 'the chosen latency profile is gone; choose another'
          : !profile.predictor
            ? `profile ${profile.fileName} has no trained predictor yet: train it in the Profiles panel first`
            : null);
      const runId = newRunId();
      const runSettings = { ...settings, budgetsMs: [...settings.budgetsMs] };
      if (message || !profile?.predictor) {
        set({ run: { ...IDLE_RUN, status: 'error', message, runSettings } });
        return;
      }
      set({
        selectedKey: null,
        saved: null,
        progress: null,
        run: { ...IDLE_RUN, status: 'loading', message: 'loading the SuperTransformer…', runId, runSettings },
      });
      try {
        // The re-render for 'loading' ends this task; creating the workers and sending the request get their own.
        await yieldToBrowser();
        // The workers follow the thread setting first (a new layout means new workers); then an imported HAT model is
        // read again from this session's files if a shipped-model job or a new layout replaced it.
        const client = await getSearchClientForRun();
        if (runSettings.accuracyModel) await ensureAccuracyModel(runSettings.accuracyModel);
        const request = {
          runId,
          settings: runSettings,
          predictorId: `predictor-${profile.id}`,
          predictorJson: profile.predictorJson ?? predictorToJson(profile.predictor),
        };
        const final = await client.start(request, callbacksFor(runId));
        if (get().run.runId === runId) set((state) => ({ run: applyReport(state.run, final), progress: null }));
      } catch (error) {
        fail(runId, error);
      }
    },

    pause() {
      if (get().run.status !== 'running') return;
      void getSearchClient().then((client) => client.pause());
      set((state) => ({ run: { ...state.run, message: 'pausing after this generation…' } }));
    },

    resume() {
      if (get().run.status !== 'paused') return;
      void getSearchClient().then((client) => client.resume());
      set((state) => ({ run: { ...state.run, status: 'running', message: null } }));
    },

    cancel() {
      const { status } = get().run;
      if (status !== 'running' && status !== 'paused' && status !== 'loading') return;
      void getSearchClient().then((client) => client.cancel());
      set((state) => ({ run: { ...state.run, message: 'cancelling…' } }));
    },

    select(key) {
      set({ selectedKey: key });
    },

    async resumeSaved() {
      const { run } = get();
      if (run.status === 'loading' || run.status === 'running' || run.status === 'paused') return;
      // The run's id keys its reports, so it is looked up first when the panel has not checked yet.
      const saved =
        get().saved ??
        (await getSearchClient()
          .then((c) => c.latestSaved())
          .catch(() => null));
      if (!saved) {
        set({ run: { ...IDLE_RUN, status: 'error', message: 'no saved search run in this browser' } });
        return;
      }
      const runId = saved.runId;
      set({
        run: {
          ...IDLE_RUN,
          status: 'loading',
          message: 'resuming the saved run…',
          runId,
          runSettings: saved.settings,
        },
        settings: { ...saved.settings, budgetsMs: [...saved.settings.budgetsMs] },
      });
      try {
        const client = await getSearchClientForRun();
        if (saved.settings.accuracyModel) await ensureAccuracyModel(saved.settings.accuracyModel);
        const final = await client.resumeSaved(runId, callbacksFor(runId));
        if (get().run.runId === runId)
          set((state) => ({ run: applyReport(state.run, final), progress: null, saved: null }));
      } catch (error) {
        fail(runId, error);
      }
    },

    async checkSaved() {
      try {
        const saved = await (await getSearchClient()).latestSaved();
        // Only an unfinished run is worth resuming; a finished one is shown by its last report elsewhere.
        set({ saved: saved && (saved.status === 'running' || saved.status === 'paused') ? saved : null });
      } catch {
        set({ saved: null }); // no IndexedDB (private mode): nothing to resume
      }
    },
  };
});

/** The run view after a worker report. */
export function applyReport(run: SearchRunView, report: SearchReportMessage): SearchRunView {
  return {
    ...run,
    status: report.status,
    message: report.message,
    generation: report.generation,
    generations: report.generations,
    uniqueValidations: report.counts.uniqueValidations,
    naiveValidations: report.counts.naiveValidations,
    etaSeconds: report.etaSeconds,
    points: report.points,
    front: report.front,
    best: report.best,
    updates: run.updates + 1,
    budgetMs: report.budgetMs,
    budgetResults: report.budgetResults,
    timing: report.timing,
  };
}

/** The space of the run on the chart (or, before a run, of the settings); HAT's WMT space if neither names one. */
export function useSearchSpace(): SearchSpace {
  return useSearchStore((s) => searchSpaceOf(s.run.runSettings ?? s.settings) ?? DEFAULT_SPACE);
}
