import { wrap } from 'comlink';
import type { SavedSearchRun, SearchCallbacks, SearchReportMessage, SearchWorkerApi } from '../protocol/search';
import type { ValidationLoadOptions, ValidationWorkerApi } from '../protocol/validation';
import { spaceOf } from './engine';
import type { SearchRunStore, StoredSearchRun } from './run-store';
import { SearchRunner, type RunnerOptions } from './runner';
import { ValidationPool } from '../supertransformer/validation-pool';

/** The validation side the search needs: the validation worker's API, or an in-process fake in tests. */
export type ValidationPort = Pick<ValidationWorkerApi, 'load' | 'validateBatch' | 'cancel'>;

const savedView = (run: StoredSearchRun): SavedSearchRun => ({
  runId: run.runId,
  settings: run.settings,
  predictorId: run.predictorId,
  status: run.status === 'loading' ? 'running' : run.status,
  generation: run.generation,
  generations: run.generations,
  savedAt: run.savedAt,
});

export interface SearchWorkerDeps {
  /** Opens the checkpoint store; a rejection (no IndexedDB) leaves runs unsaved but running. */
  openStore: () => Promise<SearchRunStore>;
  /** Turns a transferred port into the validation API (comlink's wrap by default). */
  connect?: (port: MessagePort) => ValidationPort;
  /** Wraps a callback handed to the validation port (comlink's proxy in the worker; identity in tests). */
  proxyCallback?: <T extends object>(callback: T) => T;
}

export type SearchWorkerImpl = SearchWorkerApi & {
  /** Tests: a validation port that is not a MessagePort. */
  attachValidation(validation: ValidationPort, load: ValidationLoadOptions): void;
};

/**
 * The search worker's API over a validation port and a checkpoint store. workers/search.worker.ts exposes it
 * with comlink; tests call it directly. One run at a time: starting another cancels the one running.
 */
export function createSearchWorkerApi(deps: SearchWorkerDeps): SearchWorkerImpl {
  let validation: { port: ValidationPort; load: ValidationLoadOptions } | null = null;
  /** The page's cap on working validation workers (device measurement holds the rest), if it set one. */
  let workersAllowed: number | null = null;
  let runner: SearchRunner | null = null;
  let nextJobId = 1;
  let currentJob: number | null = null;
  let storePromise: Promise<SearchRunStore | null> | undefined;
  const proxyCallback = deps.proxyCallback ?? (<T extends object>(callback: T): T => callback);
  const store = (): Promise<SearchRunStore | null> => (storePromise ??= deps.openStore().catch(() => null));

  /** Validation through the port: one job per batch, so cancel stops exactly the batch in flight. */
  const options = (
    callbacks: SearchCallbacks,
    runId: () => string,
    space: () => string,
  ): Omit<RunnerOptions, 'store'> => {
    if (!validation) throw new Error('the search worker has no validation worker connected');
    const { port, load } = validation;
    const onProgress = callbacks.onProgress
      ? proxyCallback((done: number, total: number) => callbacks.onProgress?.({ runId: runId(), done, total }))
      : undefined;
    return {
      async validLoss(configs) {
        const jobId = nextJobId++;
        currentJob = jobId;
        try {
          return (await port.validateBatch(jobId, [...configs], onProgress)).map((result) => result.validLoss);
        } finally {
          currentJob = null;
        }
      },
      cancelValidation() {
        if (currentJob !== null) void Promise.resolve(port.cancel(currentJob)).catch(() => undefined);
      },
      async prepare() {
        const info = await port.load(load);
        if (!info.spaces.includes(space())) {
          throw new RangeError(
            `the shipped SuperTransformer covers the spaces ${info.spaces.join(', ')}, not ${space()}`,
          );
        }
      },
      onReport: (report) => callbacks.onReport(report),
    };
  };

  const drive = async (next: SearchRunner): Promise<SearchReportMessage> => {
    runner?.cancel();
    runner = next;
    try {
      return await next.run();
    } finally {
      if (runner === next) runner = null;
    }
  };

  return {
    connectValidation(ports, load) {
      const connect = deps.connect ?? ((p: MessagePort) => wrap<ValidationWorkerApi>(p));
      const pool = new ValidationPool(ports.map(connect));
      if (workersAllowed !== null) pool.setActive(workersAllowed);
      validation = { port: pool, load };
    },
    setValidationWorkers(workers) {
      workersAllowed = workers;
      if (validation?.port instanceof ValidationPool) validation.port.setActive(workers);
    },
    attachValidation(port, load) {
      validation = { port, load };
    },
    async start(request, callbacks) {
      spaceOf(request.settings); // an unknown space fails here, before any model loads
      const runOptions = options(
        callbacks,
        () => request.runId,
        () => request.settings.space,
      );
      return drive(SearchRunner.start(request, { ...runOptions, store: await store() }));
    },
    async latestSaved() {
      const saved = await (await store())?.latest();
      return saved ? savedView(saved) : null;
    },
    async resumeSaved(runId, callbacks) {
      const opened = await store();
      if (!opened) throw new Error('saved runs need IndexedDB, which this browser does not offer here');
      let resumed: SearchRunner | null = null;
      const runOptions = options(
        callbacks,
        () => resumed?.runId ?? runId ?? '',
        () => resumed?.settings.space ?? '',
      );
      resumed = await SearchRunner.resume(runId, { ...runOptions, store: opened });
      return drive(resumed);
    },
    pause: () => runner?.pause(),
    resume: () => runner?.resume(),
    cancel: () => runner?.cancel(),
  };
}
