import { describe, expect, it } from 'vitest';
import { configKey } from '../../../src/core/config';
import { readLatencyCsv } from '../../../src/core/dataset';
import { writeLatencyCsv } from '../../../src/core/dataset/write';
import { configFeatures } from '../../../src/core/features';
import {
  defaultMeasureSettings,
  estimateRemainingMs,
  measurementSidecar,
  measureSettingsProblem,
  planMeasurement,
  referenceConfig,
  referenceDrifts,
  remainingItems,
  rowFor,
  sampleRows,
  withThreads,
  type MeasuredItem,
} from '../../../src/core/latency/measure-plan';
import { validateConfig } from '../../../src/core/config';
import { builtinSpace, type SearchSpace } from '../../../src/core/space';

const space = builtinSpace('hat-wmt-latency') as SearchSpace;

const measured = (index: number, kind: MeasuredItem['kind'], ordinal: number, totalMs: number): MeasuredItem => ({
  index,
  kind,
  ordinal,
  row: {
    features: [512, 6, 1024, 4, 512, 3, 2048, 4, 4, 2],
    latencyMeanEncoderMs: totalMs / 4,
    latencyMeanDecoderMs: (3 * totalMs) / 4,
    latencyStdEncoderMs: 0.5,
    latencyStdDecoderMs: 1.25,
  },
  elapsedMs: 100 * (index + 1),
  measuredAt: '2026-01-01T00:00:00.000Z',
});

describe('measurement plan', () => {
  it('is deterministic in its seed, and different seeds give different orders', () => {
    const a = planMeasurement({ space, count: 25, seed: 7, referenceEvery: 10 });
    const b = planMeasurement({ space, count: 25, seed: 7, referenceEvery: 10 });
    const c = planMeasurement({ space, count: 25, seed: 8, referenceEvery: 10 });
    expect(a.map((i) => configKey(i.config))).toEqual(b.map((i) => configKey(i.config)));
    expect(a.map((i) => configKey(i.config))).not.toEqual(c.map((i) => configKey(i.config)));
    const samples = a.filter((i) => i.kind === 'sample');
    expect(samples.map((i) => i.ordinal)).toEqual([...Array(25).keys()]);
    expect(new Set(samples.map((i) => configKey(i.config))).size).toBe(25);
    for (const item of samples) expect(validateConfig(item.config, space)).toEqual([]);
  });

  it('re-times the reference first, after every N samples and at the end', () => {
    const plan = planMeasurement({ space, count: 25, seed: 7, referenceEvery: 10 });
    expect(plan).toHaveLength(25 + 4);
    expect(plan.map((i) => i.index)).toEqual([...Array(29).keys()]);
    const refs = plan.filter((i) => i.kind === 'reference');
    expect(refs.map((i) => i.index)).toEqual([0, 11, 22, 28]);
    expect(refs.map((i) => i.ordinal)).toEqual([0, 10, 20, 25]);
    const key = configKey(referenceConfig(space));
    for (const r of refs) expect(configKey(r.config)).toBe(key);
    // No reference is repeated back to back when count is a multiple of N.
    const exact = planMeasurement({ space, count: 20, seed: 7, referenceEvery: 10 });
    expect(exact.filter((i) => i.kind === 'reference').map((i) => i.index)).toEqual([0, 11, 22]);
  });

  it('uses the middle choice of every gene as the reference', () => {
    const ref = referenceConfig(space);
    expect(ref.encoder.embedDim).toBe(640); // [512, 640] -> upper middle
    expect(ref.decoder.layerNum).toBe(4); // [1..6] -> 4
    expect(ref.encoder.ffnEmbedDims[0]).toBe(2048); // [512, 1024, 2048, 3072]
    expect(ref.decoder.arbitraryEndeAttn[0]).toBe(1); // [-1, 1, 2]
    expect(validateConfig(ref, space)).toEqual([]);
  });

  it('resumes by skipping the stored indices, in plan order', () => {
    const plan = planMeasurement({ space, count: 12, seed: 3, referenceEvery: 5 });
    const left = remainingItems(plan, [0, 1, 2, 4]);
    expect(left.map((i) => i.index)).toEqual(plan.map((i) => i.index).filter((i) => ![0, 1, 2, 4].includes(i)));
    expect(left[0]!.index).toBe(3);
    expect(
      remainingItems(
        plan,
        plan.map((i) => i.index),
      ),
    ).toEqual([]);
  });

  it('measures drift against the first reference timing and keeps reference rows out of the dataset', () => {
    const items = [measured(0, 'reference', 0, 100), measured(1, 'sample', 0, 40), measured(2, 'reference', 1, 110)];
    expect(referenceDrifts(items)).toEqual([
      { afterSamples: 0, totalMs: 100, drift: 0 },
      { afterSamples: 1, totalMs: 110, drift: expect.closeTo(0.1, 12) as number },
    ]);
    expect(sampleRows(items)).toEqual([items[1]!.row]);
  });

  it('estimates the time left from the mean time per item', () => {
    expect(estimateRemainingMs([], 3)).toBeNull();
    expect(estimateRemainingMs([measured(0, 'sample', 0, 1), measured(1, 'sample', 1, 1)], 4)).toBe(600);
  });

  it("exports rows as HAT's CSV that re-imports identically", async () => {
    const plan = planMeasurement({ space, count: 6, seed: 11, referenceEvery: 10 });
    const rows = plan
      .filter((i) => i.kind === 'sample')
      .map((item, i) =>
        rowFor(item.config, { meanMs: 12.345678901 + i / 3, stdMs: 0.1 / 7 }, { meanMs: 1e3 / 7 + i, stdMs: 2 / 3 }),
      );
    expect(rows[0]!.features).toEqual(configFeatures(plan[1]!.config));
    const parsed = await readLatencyCsv(writeLatencyCsv(rows));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.rows).toEqual(rows);
  });

  it('records the thread count the model ran on: one by default (HAT), one for runs stored without it', () => {
    const defaults = defaultMeasureSettings(space);
    expect(defaults.threads).toBe(1);
    expect(measureSettingsProblem({ ...defaults, threads: 4 })).toBeNull();
    expect(measureSettingsProblem({ ...defaults, threads: 0 })).toMatch(/threads must be a whole number from 1/);
    expect(measureSettingsProblem({ ...defaults, threads: 64 })).toMatch(/threads/);
    const { threads: _dropped, ...stored } = defaults;
    expect(withThreads(stored).threads).toBe(1);
    const spec = { space: space.name, backend: 'wasm', count: 1, seed: 1, settings: { ...defaults, threads: 2 } };
    const device = { userAgent: 'test', backend: 'wasm', hardwareConcurrency: 2, threads: 2 };
    const sidecar = measurementSidecar(spec, device, 30, [], { startedAt: 'a', exportedAt: 'b' });
    expect(sidecar).toMatchObject({ device: { threads: 2 }, protocol: { threads: 2 } });
    const old = measurementSidecar({ ...spec, settings: stored as typeof defaults }, device, 30, [], {
      startedAt: 'a',
      exportedAt: 'b',
    });
    expect(old).toMatchObject({ protocol: { threads: 1 } });
  });
});
