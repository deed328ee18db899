import { describe, expect, it } from 'vitest';
import type { SubTransformerConfig } from '../../src/core/config';
import type { ConfigValidation, ValidationShare } from '../../src/protocol/validation';
import { ValidationPool, type PoolPort } from '../../src/supertransformer/validation-pool';
import { sampleConfig } from '../../src/core/gene';
import { createRng } from '../../src/core/rng';
import { builtinSpace } from '../../src/core/space';
import { FakeValidation } from '../search-runtime/fakes';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A worker that holds every call until the test releases it, recording what it was asked. */
class HeldWorker implements PoolPort {
  calls: Array<{ jobId: number; configs: SubTransformerConfig[]; share?: ValidationShare }> = [];
  cancelled: number[] = [];
  private releases: Array<() => void> = [];
  private readonly inner = new FakeValidation();

  load = () => this.inner.load();

  async validateBatch(
    jobId: number,
    configs: SubTransformerConfig[],
    _onProgress?: unknown,
    share?: ValidationShare,
  ): Promise<ConfigValidation[]> {
    this.calls.push({ jobId, configs, share });
    await new Promise<void>((resolve) => this.releases.push(resolve));
    return this.inner.validateBatch(jobId, configs, undefined, share);
  }

  cancel(jobId: number): void {
    this.cancelled.push(jobId);
  }

  release(): void {
    this.releases.splice(0).forEach((resolve) => resolve());
  }
}

describe('ValidationPool', () => {
  const rng = createRng(3);
  const configs = Array.from({ length: 12 }, () => sampleConfig(builtinSpace('hat-wmt')!, rng));

  it('spreads a batch over its workers and returns the single worker’s losses, in order, with progress', async () => {
    const alone = await new FakeValidation().validateBatch(1, configs);
    const workers = [new FakeValidation(), new FakeValidation()];
    const pool = new ValidationPool(workers);
    const progress: number[] = [];
    const results = await pool.validateBatch(7, configs, (done) => progress.push(done));
    results.forEach((r, i) => expect(r.validLoss).toBeCloseTo(alone[i]!.validLoss, 12));
    expect(results.map((r) => r.tokens)).toEqual(alone.map((r) => r.tokens));
    await tick();
    expect(progress).toEqual(configs.map((_, i) => i + 1));
    for (const worker of workers) expect(worker.batches.length).toBeGreaterThan(0);
    expect(workers.flatMap((w) => w.batches).every((batch) => batch.length === 1)).toBe(true);
    expect(workers.flatMap((w) => w.shares).every((share) => share === undefined)).toBe(true);
  });

  it('splits a batch too small for its workers into shares of the set and adds them up', async () => {
    const workers = [new FakeValidation(), new FakeValidation()];
    const pool = new ValidationPool(workers);
    const [result] = await pool.validateBatch(1, configs.slice(0, 1));
    const [alone] = await new FakeValidation().validateBatch(1, configs.slice(0, 1));
    expect(result!.validLoss).toBeCloseTo(alone!.validLoss, 12);
    expect(result!.tokens).toBe(alone!.tokens);
    expect(workers.map((w) => w.shares)).toEqual([[{ index: 0, count: 2 }], [{ index: 1, count: 2 }]]);
  });

  it('gives work only to the active workers, and holds a batch at zero until raised', async () => {
    const workers = [new HeldWorker(), new HeldWorker()];
    const pool = new ValidationPool(workers);
    pool.setActive(0);
    const batch = pool.validateBatch(1, configs.slice(0, 8));
    await tick();
    expect(workers.map((w) => w.calls.length)).toEqual([0, 0]);
    pool.setActive(1);
    await tick();
    expect(workers.map((w) => w.calls.length)).toEqual([1, 0]);
    let settled = false;
    void batch.then(() => (settled = true));
    while (!settled) {
      workers[0]!.release();
      await tick();
    }
    expect(await batch).toHaveLength(8);
    expect(workers[1]!.calls).toHaveLength(0);
    expect(workers[0]!.calls.every((call) => call.share === undefined)).toBe(true);
  });

  it('stops on cancel, cancelling the sub-jobs in flight, and rejects with a message starting with "cancelled"', async () => {
    const workers = [new HeldWorker(), new HeldWorker()];
    const pool = new ValidationPool(workers);
    const batch = pool.validateBatch(3, configs);
    await tick();
    const inFlight = workers.map((w) => w.calls[0]!.jobId);
    pool.cancel(3);
    workers.forEach((w) => w.release());
    await expect(batch).rejects.toThrow(/^cancelled: job 3 stopped after 2 of 12 configs/);
    expect(workers.map((w) => w.cancelled)).toEqual(inFlight.map((id) => [id]));
    expect(workers.map((w) => w.calls.length)).toEqual([1, 1]);
  });

  it('rejects the whole batch naming the config a worker refused', async () => {
    const refusing: PoolPort = {
      load: () => new FakeValidation().load(),
      validateBatch: async () => {
        throw new RangeError('config 1 of 1: this config is outside the SuperTransformer’s spaces');
      },
      cancel: () => undefined,
    };
    const pool = new ValidationPool([refusing]);
    await expect(pool.validateBatch(1, configs.slice(0, 3))).rejects.toThrow(
      /^config 1 of 3: this config is outside the SuperTransformer’s spaces$/,
    );
  });

  it('reports every worker in its model info, and refuses workers that disagree', async () => {
    const pool = new ValidationPool([new FakeValidation(), new FakeValidation(), new FakeValidation()]);
    const info = await pool.load({ backend: 'cpu', baseUrl: 'x' });
    expect(info.workers).toBe(3);
    const odd = new FakeValidation();
    odd.load = async () => ({ ...(await new FakeValidation().load()), validTokens: 99 });
    await expect(
      new ValidationPool([new FakeValidation(), odd]).load({ backend: 'cpu', baseUrl: 'x' }),
    ).rejects.toThrow(/disagree/);
  });
});
