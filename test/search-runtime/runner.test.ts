import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { SearchReportMessage, SearchSettings, SearchStartRequest } from '../../src/protocol/search';
import { estimateEtaSeconds } from '../../src/search-runtime/runner';
import { createSearchWorkerApi, type SearchWorkerImpl } from '../../src/search-runtime/worker-api';
import { SearchRunsDb } from '../../src/storage/search-runs-db';
import { builtinSpace } from '../../src/core/space';
import { hatModelRef, type HatModelInfo } from '../../src/protocol/validation';
import { configFeatures } from '../../src/core/features';
import { predictorToJson } from '../../src/core/latency/json';
import { predictLatencyUpperMs } from '../../src/core/latency/predictor';
import { fakeCostPredictor } from '../core/latency/fixtures';
import { FakeValidation, hatModelInfo, predictedMs, predictorJson, SMALL } from './fakes';

const LOAD = { backend: 'cpu' as const, baseUrl: 'http://localhost/' };

function setUp(factory = new IDBFactory()): { api: SearchWorkerImpl; validation: FakeValidation; factory: IDBFactory } {
  const api = createSearchWorkerApi({ openStore: () => SearchRunsDb.open(factory) });
  const validation = new FakeValidation();
  api.attachValidation(validation, LOAD);
  return { api, validation, factory };
}

const request = (settings: SearchSettings = SMALL, runId = 'run-1'): SearchStartRequest => ({
  runId,
  settings,
  predictorId: 'predictor-profile-test',
  predictorJson,
});

/** Records reports; `onGeneration` runs after the report of each scored generation. */
function recorder(onGeneration?: (report: SearchReportMessage) => void) {
  const reports: SearchReportMessage[] = [];
  return {
    reports,
    callbacks: {
      onReport(report: SearchReportMessage) {
        reports.push(report);
        if (report.status === 'running' || report.status === 'done') {
          const scored = reports.filter((r) => r.generation === report.generation).length === 1;
          if (scored && report.generation > 0) onGeneration?.(report);
        }
      },
    },
  };
}

/**
 * Makes `validation` answer as a worker holding a HAT checkpoint does (hatLoss beside validLoss) while `holdsHat()`;
 * a load() of the shipped model replaces the checkpoint, as in the worker.
 */
function withHatLosses(validation: FakeValidation): FakeValidation {
  let holdsHat = true;
  const scoreBatch = validation.validateBatch.bind(validation);
  const loadShipped = validation.load.bind(validation);
  validation.load = async () => {
    holdsHat = false;
    return loadShipped();
  };
  validation.validateBatch = async (jobId, configs, onProgress, share) =>
    (await scoreBatch(jobId, configs, onProgress, share)).map((r) =>
      holdsHat ? { ...r, hatLoss: r.validLoss / Math.LN2 + 0.5 } : r,
    );
  return validation;
}

/** A small run scored by the imported checkpoint `hat`, in a space inside its own (hat-wmt). */
const hatRunSettings = (hat: HatModelInfo): SearchSettings => ({
  ...SMALL,
  space: 'checkpoint tiny.pt',
  spaceDefinition: { ...builtinSpace('hat-wmt')!, name: 'checkpoint tiny.pt' },
  accuracyModel: hatModelRef(hat),
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('search runtime (worker API over fake validation and fake IndexedDB)', () => {
  it('checks the budget at the upper bound under a confidence rule, and reports each point’s interval', async () => {
    const cost = fakeCostPredictor();
    const settings: SearchSettings = { ...SMALL, budgetsMs: [220], latencyConfidence: 0.95 };
    const { api } = setUp();
    const final = await api.start(
      { runId: 'safe', settings, predictorId: 'cost', predictorJson: predictorToJson(cost) },
      recorder().callbacks,
    );
    expect(final.status).toBe('done');
    expect(final.message).toBeNull();
    for (const point of final.points) {
      const features = [configFeatures(point.config)];
      expect(point.latencyUpperMs).toBeCloseTo(predictLatencyUpperMs(cost, features, 0.95)![0]!, 9);
      expect(point.latencyUpperMs!).toBeLessThanOrEqual(220);
      expect(point.latencyLowMs!).toBeLessThan(point.latencyMs);
      expect(point.latencyHighMs!).toBeGreaterThan(point.latencyMs);
    }
  });

  it('falls back to the point rule for a predictor with no interval, and says so in every report', async () => {
    const { api } = setUp();
    const { reports, callbacks } = recorder();
    const final = await api.start(request({ ...SMALL, latencyConfidence: 0.95 }), callbacks);
    expect(final.status).toBe('done');
    expect(final.message).toMatch(/no calibrated interval/);
    expect(reports.filter((r) => r.status === 'running').every((r) => /no calibrated interval/.test(r.message!))).toBe(
      true,
    );
    for (const point of final.points) expect(predictedMs(point.config)).toBeLessThanOrEqual(SMALL.budgetsMs[0]!);
  });

  it('reports every generation, keeps the budget, loads the model once and checkpoints each generation', async () => {
    const { api, validation, factory } = setUp();
    const { reports, callbacks } = recorder();
    const final = await api.start(request(), callbacks);
    expect(final.status).toBe('done');
    expect(final.generation).toBe(SMALL.iterations);
    expect(final.generations).toBe(SMALL.iterations);
    expect(validation.loads).toBe(1);
    const perGeneration = reports.filter((r) => r.generation > 0 && r.status !== 'paused');
    expect(new Set(perGeneration.map((r) => r.generation))).toEqual(new Set([1, 2, 3, 4]));
    expect(reports[0]!.status).toBe('loading');
    // Every point, and so the best, meets the budget under the very predictor the run was given.
    for (const point of final.points) expect(predictedMs(point.config)).toBeLessThanOrEqual(SMALL.budgetsMs[0]!);
    expect(final.best!.latencyMs).toBeCloseTo(predictedMs(final.best!.config), 6);
    expect(final.points.length).toBe(final.counts.uniqueValidations);
    expect(final.counts.uniqueValidations).toBeLessThan(final.counts.naiveValidations);
    expect(final.front.length).toBeGreaterThan(0);
    expect(final.timing.totalMs).toBeGreaterThanOrEqual(final.timing.validationMs + final.timing.predictionMs - 1e-6);
    expect(final.etaSeconds).toBe(0);
    const db = await SearchRunsDb.open(factory);
    const saved = await db.get('run-1');
    expect(saved?.status).toBe('done');
    expect(saved?.generation).toBe(SMALL.iterations);
    expect(JSON.parse(saved!.checkpointJson!).algorithm).toBe('hat');
    expect(await api.latestSaved()).toMatchObject({ runId: 'run-1', status: 'done', generation: 4 });
  });

  it('pauses between generations, waits, and resumes to the same result as an uninterrupted run', async () => {
    const straight = await setUp().api.start(request(), recorder().callbacks);
    const { api, validation } = setUp();
    let pausedAt = -1;
    const { reports, callbacks } = recorder((report) => {
      if (report.generation === 2 && pausedAt < 0) {
        pausedAt = report.generation;
        api.pause();
      }
    });
    const running = api.start(request(), callbacks);
    while (!reports.some((r) => r.status === 'paused')) await tick();
    const batches = validation.batches.length;
    for (let i = 0; i < 20; i++) await tick();
    expect(validation.batches.length).toBe(batches); // nothing validated while paused
    expect(reports.at(-1)!.status).toBe('paused');
    expect(reports.at(-1)!.generation).toBe(2);
    api.resume();
    const final = await running;
    expect(final.status).toBe('done');
    expect(final.points.map((p) => p.key)).toEqual(straight.points.map((p) => p.key));
    expect(final.best).toEqual(straight.best);
  });

  it('cancels an in-flight validation batch and ends as cancelled', async () => {
    const { api, validation, factory } = setUp();
    const { callbacks } = recorder((report) => {
      if (report.generation === 1) validation.gate = new Promise(() => undefined); // the next batch never finishes
    });
    const running = api.start(request(), callbacks);
    while (validation.batches.length < 2) await tick();
    api.cancel();
    const final = await running;
    expect(final.status).toBe('cancelled');
    expect(validation.cancelled.length).toBe(1);
    expect(final.generation).toBe(1);
    const saved = await (await SearchRunsDb.open(factory)).get('run-1');
    expect(saved?.status).toBe('cancelled');
    expect(saved?.generation).toBe(1);
  });

  it('resumes a saved run after a "reload" (a new worker over the same IndexedDB) to the uninterrupted result', async () => {
    for (const algorithm of ['hat', 'sweep', 'nsga2'] as const) {
      const settings: SearchSettings = {
        ...SMALL,
        algorithm,
        budgetsMs: algorithm === 'sweep' ? [SMALL.budgetsMs[0]! * 0.9, SMALL.budgetsMs[0]!] : SMALL.budgetsMs,
      };
      const straight = await setUp().api.start(request(settings), recorder().callbacks);
      expect(straight.status).toBe('done');
      const factory = new IDBFactory();
      const first = setUp(factory);
      // The first worker stops mid-run: paused after generation 2 and then abandoned, as a reload abandons it.
      const { reports, callbacks } = recorder((report) => {
        if (report.generation === 2) first.api.pause();
      });
      void first.api.start(request(settings), callbacks);
      while (!reports.some((r) => r.status === 'paused')) await tick();

      const second = setUp(factory);
      const saved = await second.api.latestSaved();
      expect(saved).toMatchObject({ runId: 'run-1', status: 'paused', generation: 2, settings });
      const resumed = recorder();
      const final = await second.api.resumeSaved(null, resumed.callbacks);
      // Before its next generation, the resumed run reports the points it already had.
      const firstRunning = resumed.reports.find((r) => r.status === 'running')!;
      expect(firstRunning.generation).toBe(2);
      expect(firstRunning.points.length).toBe(reports.at(-1)!.points.length);
      expect(final.status).toBe('done');
      expect(final.points.map((p) => p.key)).toEqual(straight.points.map((p) => p.key));
      expect(final.best).toEqual(straight.best);
      expect(final.budgetResults).toEqual(straight.budgetResults);
      expect(final.counts).toEqual(straight.counts);
      if (algorithm === 'sweep') {
        expect(final.generations).toBe(2 * SMALL.iterations);
        expect(final.budgetResults.map((r) => r.budgetMs)).toEqual(settings.budgetsMs);
      }
      first.api.cancel();
    }
  });

  it('reports a finished run resumed from its store as done, with its points', async () => {
    const factory = new IDBFactory();
    const straight = await setUp(factory).api.start(request(), recorder().callbacks);
    const again = await setUp(factory).api.resumeSaved('run-1', recorder().callbacks);
    expect(again.status).toBe('done');
    expect(again.points.map((p) => p.key)).toEqual(straight.points.map((p) => p.key));
    expect(again.best).toEqual(straight.best);
  });

  it('explains an impossible budget with the smallest latency seen', async () => {
    const { api } = setUp();
    const final = await api.start(request({ ...SMALL, budgetsMs: [0.001] }), recorder().callbacks);
    expect(final.status).toBe('error');
    expect(final.message).toMatch(/smallest predicted latency was \d+(\.\d+)? ms/);
  });

  it('refuses a space the shipped model does not cover, an unknown space, and an unreadable predictor', async () => {
    const { api, validation } = setUp();
    validation.load = async () => ({ ...(await new FakeValidation().load()), spaces: ['hat-iwslt'] });
    const final = await api.start(request(), recorder().callbacks);
    expect(final.status).toBe('error');
    expect(final.message).toContain('covers the spaces hat-iwslt, not hat-wmt');
    await expect(api.start(request({ ...SMALL, space: 'nope' }), recorder().callbacks)).rejects.toThrow(
      'unknown search space nope',
    );
    await expect(
      api.start({ ...request(), predictorJson: '{"format":"other"}' }, recorder().callbacks),
    ).rejects.toThrow('the latency predictor cannot be read');
  });

  it('scores with an imported HAT model the worker holds, without loading the shipped one, and adds HAT’s loss', async () => {
    const { api, validation } = setUp();
    const hat = hatModelInfo(builtinSpace('hat-wmt-latency')!);
    validation.current = async () => ({ ...(await new FakeValidation().load()), spaces: [], hat });
    withHatLosses(validation);
    const settings = hatRunSettings(hat);
    const { reports, callbacks } = recorder();
    const final = await api.start(request(settings), callbacks);
    expect(final.status, final.message ?? '').toBe('done');
    expect(validation.loads).toBe(0);
    for (const point of [...final.points, final.best!, ...reports.at(-2)!.points]) {
      expect(point.hatLoss).toBeCloseTo(point.validLoss / Math.LN2 + 0.5, 9);
    }
  });

  it('refuses to score a HAT run when the worker holds another model, or the space is not inside the checkpoint’s', async () => {
    const { api, validation } = setUp();
    const hat = hatModelInfo(builtinSpace('hat-wmt')!);
    const settings = { ...SMALL, accuracyModel: hatModelRef(hat) };
    validation.current = async () => null;
    let final = await api.start(request(settings), recorder().callbacks);
    expect(final.status).toBe('error');
    expect(final.message).toBe(
      'the imported HAT model tiny.pt is not loaded: choose its files again in the SuperTransformer tab',
    );
    validation.current = async () => ({ ...(await new FakeValidation().load()), spaces: [], hat });
    final = await api.start(request({ ...settings, space: 'hat-wmt-latency' }, 'run-2'), recorder().callbacks);
    expect(final.status).toBe('error');
    expect(final.message).toMatch(
      /^hat-wmt-latency is not inside tiny\.pt's search space \(encoder-ffn-embed-dim-choice/,
    );
    expect(validation.batches).toHaveLength(0);
    expect(validation.loads).toBe(0);
  });

  it('stops a HAT run whose worker was given another model mid-run, instead of mixing two models’ losses', async () => {
    const { api, validation } = setUp();
    const hat = hatModelInfo(builtinSpace('hat-wmt-latency')!);
    validation.current = async () => ({ ...(await new FakeValidation().load()), spaces: [], hat });
    const scoreBatch = validation.validateBatch.bind(validation);
    let batches = 0;
    // The first generation's batch comes from the HAT model; then the page loads the shipped one into the worker.
    validation.validateBatch = async (jobId, configs, onProgress, share) =>
      (await scoreBatch(jobId, configs, onProgress, share)).map((r) =>
        batches++ === 0 ? { ...r, hatLoss: r.validLoss / Math.LN2 + 0.5 } : r,
      );
    const settings = hatRunSettings(hat);
    const final = await api.start(request(settings), recorder().callbacks);
    expect(final.status).toBe('error');
    expect(final.message).toBe(
      'the validation worker no longer holds tiny.pt (another model was loaded during the search): start it again',
    );
    // And a shipped run whose workers answer with HAT's loss is stopped the same way.
    const shipped = await api.start(request(SMALL, 'run-2'), recorder().callbacks);
    expect(shipped.status).toBe('done');
    // The shipped model's load() comes first; then a HAT checkpoint is loaded under the run.
    const shippedLoad = validation.load.bind(validation);
    validation.load = async () => {
      const info = await shippedLoad();
      withHatLosses(validation);
      return info;
    };
    const mixed = await api.start(request(SMALL, 'run-3'), recorder().callbacks);
    expect(mixed.message).toMatch(/^the validation workers hold an imported HAT model, not the shipped one/);
  });

  it('estimates the time left from the validation rate, scaled by how many bred configs were new', () => {
    const settings = { ...SMALL, iterations: 3, population: 10, mutations: 4, crossovers: 4 };
    // One generation: 10 validations of 100 ms each, 50 ms outside validation.
    const eta = estimateEtaSeconds(settings, 1, 10, { validationMs: 1000, predictionMs: 10, totalMs: 1050 });
    // Two generations left, each at most 8 new configs (novelty 1): 16 × 0.1 s + 2 × 0.05 s.
    expect(eta).toBeCloseTo(1.7, 6);
    expect(estimateEtaSeconds(settings, 0, 0, { validationMs: 0, predictionMs: 0, totalMs: 0 })).toBeNull();
  });

  it('validates on every connected worker as one pool, and only on those the page leaves it', async () => {
    const run = async (allowed: number | null): Promise<number[]> => {
      const workers = [new FakeValidation(), new FakeValidation()];
      const ports = workers.map(() => new MessageChannel().port1);
      const api = createSearchWorkerApi({
        openStore: () => SearchRunsDb.open(new IDBFactory()),
        connect: (port) => workers[ports.indexOf(port)]!,
      });
      if (allowed !== null) api.setValidationWorkers(allowed);
      api.connectValidation(ports, LOAD);
      const final = await api.start(request(), recorder().callbacks);
      expect(final.status).toBe('done');
      ports.forEach((port) => port.close());
      return workers.map((w) => w.batches.length);
    };
    const both = await run(null);
    expect(both.every((batches) => batches > 0)).toBe(true);
    const one = await run(1);
    expect(one[0]).toBeGreaterThan(0);
    expect(one[1]).toBe(0);
  });

  it('scores a HAT run on the one worker holding the checkpoint, never on the others of the pool', async () => {
    const hat = hatModelInfo(builtinSpace('hat-wmt-latency')!);
    const holding = withHatLosses(new FakeValidation());
    holding.current = async () => ({ ...(await new FakeValidation().load()), spaces: [], hat });
    const other = new FakeValidation();
    other.current = async () => null;
    const workers = [holding, other];
    const ports = workers.map(() => new MessageChannel().port1);
    const api = createSearchWorkerApi({
      openStore: () => SearchRunsDb.open(new IDBFactory()),
      connect: (port) => workers[ports.indexOf(port)]!,
    });
    api.connectValidation(ports, LOAD);
    const settings = hatRunSettings(hat);
    const hatRun = await api.start(request(settings), recorder().callbacks);
    expect(hatRun.status, hatRun.message ?? '').toBe('done');
    expect(holding.batches.length).toBeGreaterThan(0);
    // Whole configs, never shares: the other worker has no copy to score the rest of the set on.
    expect(holding.shares.every((share) => share === undefined)).toBe(true);
    expect(other.batches).toHaveLength(0);
    expect(workers.map((w) => w.loads)).toEqual([0, 0]);
    // A shipped-model run right after uses the whole pool again.
    const shipped = await api.start(request(SMALL, 'run-2'), recorder().callbacks);
    expect(shipped.status).toBe('done');
    expect(other.batches.length).toBeGreaterThan(0);
    // With measurement holding every core, the HAT run waits like the pool's (nothing scored until released).
    api.setValidationWorkers(0);
    // That run's load() replaced the checkpoint; the page reads it into the first worker again before a HAT run.
    withHatLosses(holding);
    const before = holding.batches.length;
    const held = api.start(request(settings, 'run-3'), recorder().callbacks);
    await tick();
    await tick();
    expect(holding.batches.length).toBe(before);
    api.setValidationWorkers(2);
    expect((await held).status).toBe('done');
    expect(holding.batches.length).toBeGreaterThan(before);
    ports.forEach((port) => port.close());
  });
});
