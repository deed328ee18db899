import { wrap } from 'comlink';
import { configKey } from '../core/config';
import { choicesOutside } from '../core/space';
import type {
  SavedSearchRun,
  SearchCallbacks,
  SearchPointView,
  SearchReportMessage,
  SearchSettings,
  SearchWorkerApi,
} from '../protocol/search';
import type { ConfigValidation, HatModelRef, ValidationLoadOptions, ValidationWorkerApi } from '../protocol/validation';
import { spaceOf } from './engine';
import type { SearchRunStore, StoredSearchRun } from './run-store';
import { SearchRunner, type RunnerOptions } from './runner';
import { ValidationPool } from '../supertransformer/validation-pool';

/** The validation side the search needs: the validation worker's API, or an in-process fake in tests. */
export type ValidationPort = Pick<ValidationWorkerApi, 'load' | 'validateBatch' | 'cancel'> &
  Partial<Pick<ValidationWorkerApi, 'current'>>;

/**
 * Checks that the validation worker holds the imported HAT model a search was started (or saved) with, and that the
 * search's space lies inside the checkpoint's: the worker never loads one by itself (its files come from the page).
 */
async function requireHatModel(port: ValidationPort, model: HatModelRef, settings: SearchSettings): Promise<void> {
  const info = await port.current?.();
  const hat = info?.hat;
  if (!hat || hat.fileName !== model.fileName || hat.fileBytes !== model.fileBytes) {
    throw new Error(
      `the imported HAT model ${model.fileName} is not loaded: choose its files again in the SuperTransformer tab`,
    );
  }
  const space = spaceOf(settings);
  const outside = choicesOutside(space, hat.space);
  if (outside.length > 0) {
    throw new RangeError(`${space.name} is not inside ${model.fileName}'s search space (${outside.join(', ')} differ)`);
  }
}

/**
 * Refuses losses from a model other than the run's: only an imported HAT model reports hatLoss, so a HAT run's
 * result without it (or a shipped run's with it) means the worker's model was replaced during the run.
 */
function requireSameModel(model: HatModelRef | undefined, results: readonly ConfigValidation[]): void {
  const replaced = results.some((result) => (result.hatLoss !== undefined) !== (model !== undefined));
  if (!replaced) return;
  throw new Error(
    model
      ? `the validation worker no longer holds ${model.fileName} (another model was loaded during the search): start it again`
      : 'the validation workers hold an imported HAT model, not the shipped one, since the search started: start it again',
  );
}

/** Adds HAT's own loss to the points an imported HAT model scored in this session (the engine keeps validLoss only). */
function withHatLoss(report: SearchReportMessage, hatLosses: ReadonlyMap<string, number>): SearchReportMessage {
  if (hatLosses.size === 0) return report;
  const add = (point: SearchPointView): SearchPointView => {
    const hatLoss = hatLosses.get(point.key);
    return hatLoss === undefined ? point : { ...point, hatLoss };
  };
  return {
    ...report,
    points: report.points.map(add),
    front: report.front.map(add),
    best: report.best && add(report.best),
    budgetResults: report.budgetResults.map((result) => ({ ...result, best: add(result.best) })),
  };
}

/** Sub-job ids of the HAT pool on the first worker: far from the shared pool's (from 1) and the page's (10^9 up). */
const HAT_POOL_FIRST_JOB_ID = 500_000_000;

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
  /**
   * `port` validates shipped-model runs (every connected worker, as one pool); `hatPort` validates runs scored by an
   * imported HAT checkpoint, which the page loads into the first worker only (a space0 model's float32 weights are
   * ~400 MB: one copy per worker would not fit a browser tab).
   */
  let validation: { port: ValidationPort; hatPort: ValidationPort; load: ValidationLoadOptions } | null = null;
  /** The page's cap on working validation workers (device measurement holds the rest), if it set one. */
  let workersAllowed: number | null = null;
  let runner: SearchRunner | null = null;
  let nextJobId = 1;
  let currentJob: { jobId: number; port: ValidationPort } | null = null;
  let storePromise: Promise<SearchRunStore | null> | undefined;
  const proxyCallback = deps.proxyCallback ?? (<T extends object>(callback: T): T => callback);
  const store = (): Promise<SearchRunStore | null> => (storePromise ??= deps.openStore().catch(() => null));

  /** Validation through the port: one job per batch, so cancel stops exactly the batch in flight. */
  const options = (
    callbacks: SearchCallbacks,
    runId: () => string,
    settings: () => SearchSettings | null,
  ): { runnerOptions: Omit<RunnerOptions, 'store'>; decorate(report: SearchReportMessage): SearchReportMessage } => {
    if (!validation) throw new Error('the search worker has no validation worker connected');
    const { load } = validation;
    const scoredBy = validation;
    // Chosen per call: a resumed run's settings are known only once its checkpoint has been read.
    const port = (): ValidationPort => (settings()?.accuracyModel ? scoredBy.hatPort : scoredBy.port);
    const onProgress = callbacks.onProgress
      ? proxyCallback((done: number, total: number) => callbacks.onProgress?.({ runId: runId(), done, total }))
      : undefined;
    const hatLosses = new Map<string, number>();
    const decorate = (report: SearchReportMessage): SearchReportMessage => withHatLoss(report, hatLosses);
    const runnerOptions: Omit<RunnerOptions, 'store'> = {
      async validLoss(configs) {
        const jobId = nextJobId++;
        const working = port();
        currentJob = { jobId, port: working };
        try {
          const results = await working.validateBatch(jobId, [...configs], onProgress);
          requireSameModel(settings()?.accuracyModel, results);
          results.forEach(({ hatLoss }, i) => {
            if (hatLoss !== undefined) hatLosses.set(configKey(configs[i]!), hatLoss);
          });
          return results.map((result) => result.validLoss);
        } finally {
          currentJob = null;
        }
      },
      cancelValidation() {
        if (currentJob !== null) {
          void Promise.resolve(currentJob.port.cancel(currentJob.jobId)).catch(() => undefined);
        }
      },
      async prepare() {
        const current = settings();
        if (current?.accuracyModel) return requireHatModel(scoredBy.hatPort, current.accuracyModel, current);
        const space = current?.space ?? '';
        const info = await scoredBy.port.load(load);
        if (!info.spaces.includes(space)) {
          throw new RangeError(
            `the shipped SuperTransformer covers the spaces ${info.spaces.join(', ')}, not ${space}`,
          );
        }
      },
      onReport: (report) => callbacks.onReport(decorate(report)),
    };
    return { runnerOptions, decorate };
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
      const workers = ports.map(connect);
      const pool = new ValidationPool(workers);
      // The HAT pool is the first worker alone, behind the same cap (device measurement may hold its core too); its
      // job ids are apart from the shared pool's, since both reach that worker.
      const first = workers[0]!;
      const hatPool = new ValidationPool([first], HAT_POOL_FIRST_JOB_ID);
      for (const each of [pool, hatPool]) if (workersAllowed !== null) each.setActive(workersAllowed);
      validation = {
        port: pool,
        hatPort: Object.assign(hatPool, { current: async () => (await first.current?.()) ?? null }),
        load,
      };
    },
    setValidationWorkers(workers) {
      workersAllowed = workers;
      for (const each of [validation?.port, validation?.hatPort]) {
        if (each instanceof ValidationPool) each.setActive(workers);
      }
    },
    attachValidation(port, load) {
      validation = { port, hatPort: port, load };
    },
    async start(request, callbacks) {
      spaceOf(request.settings); // an unknown space fails here, before any model loads
      const { runnerOptions, decorate } = options(
        callbacks,
        () => request.runId,
        () => request.settings,
      );
      return decorate(await drive(SearchRunner.start(request, { ...runnerOptions, store: await store() })));
    },
    async latestSaved() {
      const saved = await (await store())?.latest();
      return saved ? savedView(saved) : null;
    },
    async resumeSaved(runId, callbacks) {
      const opened = await store();
      if (!opened) throw new Error('saved runs need IndexedDB, which this browser does not offer here');
      let resumed: SearchRunner | null = null;
      const { runnerOptions, decorate } = options(
        callbacks,
        () => resumed?.runId ?? runId ?? '',
        () => resumed?.settings ?? null,
      );
      resumed = await SearchRunner.resume(runId, { ...runnerOptions, store: opened });
      return decorate(await drive(resumed));
    },
    pause: () => runner?.pause(),
    resume: () => runner?.resume(),
    cancel: () => runner?.cancel(),
  };
}
