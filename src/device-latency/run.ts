import {
  estimateRemainingMs,
  measureSettingsProblem,
  planMeasurement,
  referenceDrifts,
  remainingItems,
  rowFor,
  type MeasureDevice,
  type MeasuredItem,
  type MeasureRunSpec,
  withThreads,
} from '../core/latency/measure-plan';
import { builtinSpace, type SearchSpace } from '../core/space';
import type { MeasureOutcome, MeasureProgress, MeasureStartRequest } from '../protocol/latency';
import type { MeasureDb, StoredMeasureRun } from '../storage/measure-db';
import { LatencyMeasurer, MeasureStopped } from './measure';

export type StopRequest = 'pause' | 'cancel' | null;
export type RunResult = 'done' | 'paused' | 'cancelled';

export interface RunOptions {
  space: SearchSpace;
  spec: MeasureRunSpec;
  /** Items already measured (a resumed run); their indices are skipped. */
  done: readonly MeasuredItem[];
  /** Persists one item; the run waits for it before measuring the next. */
  save(item: MeasuredItem): Promise<void>;
  /** Polled before every item and between timed runs. */
  control(): StopRequest;
  onProgress?(progress: Omit<MeasureProgress, 'runId'>): void;
  now?: () => number;
}

/** Measures a run's remaining plan items in order on the current tf.js backend, saving each as it is measured. */
export async function runMeasurement(options: RunOptions): Promise<RunResult> {
  const { space, spec, save, control } = options;
  const now = options.now ?? (() => performance.now());
  const problem = measureSettingsProblem(spec.settings);
  if (problem) throw new RangeError(problem);
  const plan = planMeasurement({
    space,
    count: spec.count,
    seed: spec.seed,
    referenceEvery: spec.settings.referenceEvery,
  });
  const measured = [...options.done];
  const samples = plan.filter((i) => i.kind === 'sample').length;
  const report = (last?: MeasuredItem): void => {
    const left = plan.length - measured.length;
    // Only this session's items time the ETA: a resumed run may be on another backend or after a long pause.
    const timedHere = measured.filter((i) => !options.done.includes(i));
    options.onProgress?.({
      measured: measured.length,
      total: plan.length,
      samplesMeasured: measured.filter((i) => i.kind === 'sample').length,
      samples,
      last,
      etaMs: estimateRemainingMs(timedHere, left),
      drift: referenceDrifts(measured),
    });
  };
  const todo = remainingItems(
    plan,
    measured.map((i) => i.index),
  );
  if (todo.length === 0) return 'done';
  const measurer = new LatencyMeasurer(space, spec.settings, spec.seed, now);
  try {
    report();
    for (const item of todo) {
      const request = control();
      if (request) return request === 'pause' ? 'paused' : 'cancelled';
      const start = now();
      let latency;
      try {
        latency = await measurer.measure(item.config, () => control() !== null);
      } catch (error) {
        if (error instanceof MeasureStopped) return control() === 'cancel' ? 'cancelled' : 'paused';
        throw error;
      }
      const result: MeasuredItem = {
        index: item.index,
        kind: item.kind,
        ordinal: item.ordinal,
        row: rowFor(item.config, latency.encoder, latency.decoder),
        elapsedMs: now() - start,
        measuredAt: new Date().toISOString(),
      };
      await save(result);
      measured.push(result);
      report(result);
    }
    return 'done';
  } finally {
    measurer.dispose();
  }
}

export interface SessionEnvironment {
  db(): Promise<MeasureDb>;
  /** Makes `backend` the current tf.js backend (WASM on `threads` threads), or throws saying why it cannot. */
  selectBackend(backend: MeasureStartRequest['backend'], threads: number): Promise<void>;
  describeDevice(backend: string): Promise<MeasureDevice>;
}

const runId = (): string =>
  `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * One worker's measurement runs, stored in IndexedDB: start, resume after a pause or a reload, pause, cancel.
 * One run at a time: a second start while one runs is refused.
 */
export class MeasureSession {
  private stop: StopRequest = null;
  private running = false;

  constructor(private readonly env: SessionEnvironment) {}

  // A stop asked for while the backend starts or the model is built applies as soon as the run begins.
  pause(): void {
    if (this.stop !== 'cancel') this.stop = 'pause';
  }

  cancel(): void {
    this.stop = 'cancel';
  }

  async start(request: MeasureStartRequest, onProgress: (progress: MeasureProgress) => void): Promise<MeasureOutcome> {
    if (this.running) throw new Error('a measurement is already running in this worker');
    this.stop = null;
    const space = spaceNamed(request.space);
    const problem = measureSettingsProblem(request.settings);
    if (problem) throw new RangeError(problem);
    if (!Number.isInteger(request.count) || request.count < 1) throw new RangeError('count must be a positive integer');
    await this.env.selectBackend(request.backend, request.settings.threads);
    const date = new Date().toISOString();
    const run: StoredMeasureRun = {
      id: runId(),
      space: space.name,
      backend: request.backend,
      count: request.count,
      seed: request.seed,
      settings: request.settings,
      status: 'running',
      device: await this.env.describeDevice(request.backend),
      startedAt: date,
      updatedAt: date,
    };
    await (await this.env.db()).putRun(run);
    return this.continueRun(run, [], onProgress);
  }

  async resume(id: string, onProgress: (progress: MeasureProgress) => void): Promise<MeasureOutcome> {
    if (this.running) throw new Error('a measurement is already running in this worker');
    this.stop = null;
    const db = await this.env.db();
    const run = await db.getRun(id);
    if (!run) throw new Error(`no stored measurement run ${id}`);
    if (run.status === 'done' || run.status === 'cancelled') return { runId: id, status: run.status };
    const settings = withThreads(run.settings);
    await this.env.selectBackend(run.backend as MeasureStartRequest['backend'], settings.threads);
    return this.continueRun({ ...run, settings }, await db.listItems(id), onProgress);
  }

  private async continueRun(
    run: StoredMeasureRun,
    done: MeasuredItem[],
    onProgress: (progress: MeasureProgress) => void,
  ): Promise<MeasureOutcome> {
    if (this.running) throw new Error('a measurement is already running in this worker');
    this.running = true;
    const db = await this.env.db();
    const setStatus = async (status: StoredMeasureRun['status'], error?: string): Promise<void> => {
      await db.putRun({ ...run, status, error, updatedAt: new Date().toISOString() });
    };
    try {
      await setStatus('running');
      const result = await runMeasurement({
        space: spaceNamed(run.space),
        spec: run,
        done,
        save: (item) => db.putItem({ ...item, runId: run.id }),
        control: () => this.stop,
        onProgress: (progress) => onProgress({ ...progress, runId: run.id }),
      });
      await setStatus(result);
      return { runId: run.id, status: result };
    } catch (error) {
      const message = (error as Error).message || String(error);
      await setStatus('failed', message);
      return { runId: run.id, status: 'failed', error: message };
    } finally {
      this.running = false;
      this.stop = null;
    }
  }
}

function spaceNamed(name: string): SearchSpace {
  const space = builtinSpace(name);
  if (!space) throw new RangeError(`unknown space "${name}"`);
  return space;
}
