import type {
  SearchBudgetResultView,
  SearchPointView,
  SearchReportMessage,
  SearchSettings,
  SearchTiming,
} from '../protocol/search';

/** One search run as saved after each generation: enough to resume it exactly after a reload. */
export interface StoredSearchRun {
  runId: string;
  settings: SearchSettings;
  predictorId: string;
  /** The predictor file's JSON, so the run resumes even if its profile has been deleted since. */
  predictorJson: string;
  status: SearchReportMessage['status'];
  /** JSON of the engine's checkpoint (src/search-runtime/engine.ts EngineCheckpoint); null before generation 1. */
  checkpointJson: string | null;
  generation: number;
  generations: number;
  /** The last report's best config and sweep curve (the points and front are rebuilt from the checkpoint). */
  best: SearchPointView | null;
  budgetMs: number | null;
  budgetResults: SearchBudgetResultView[];
  timing: SearchTiming;
  message: string | null;
  startedAt: string;
  savedAt: string;
}

/** Where a runner saves its checkpoints: IndexedDB in the browser (src/storage/search-runs-db.ts), a Map in tests. */
export interface SearchRunStore {
  put(run: StoredSearchRun): Promise<void>;
  get(runId: string): Promise<StoredSearchRun | undefined>;
  /** The most recently saved run. */
  latest(): Promise<StoredSearchRun | undefined>;
}

/** An in-memory store (the CLI keeps no checkpoints; tests use it as a fake). */
export class MemoryRunStore implements SearchRunStore {
  readonly runs = new Map<string, StoredSearchRun>();

  async put(run: StoredSearchRun): Promise<void> {
    this.runs.set(run.runId, structuredClone(run));
  }

  async get(runId: string): Promise<StoredSearchRun | undefined> {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  async latest(): Promise<StoredSearchRun | undefined> {
    let latest: StoredSearchRun | undefined;
    for (const run of this.runs.values()) if (!latest || run.savedAt >= latest.savedAt) latest = run;
    return latest && structuredClone(latest);
  }
}
