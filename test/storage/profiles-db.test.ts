import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { parseLatencyCsvText } from '../../src/core/dataset';
import { ProfilesDb } from '../../src/storage/profiles-db';
import { readHatLatency } from '../core/dataset/hat-latency-files';

describe('profiles in IndexedDB', () => {
  it('round-trips profiles and predictors across a close and reopen, and deletes them together', async () => {
    const factory = new IDBFactory();
    const parsed = parseLatencyCsvText(readHatLatency('wmt14ende_cpu_xeon_all.csv'));
    if (!parsed.ok) throw new Error('fixture');
    const profile = {
      id: 'p1',
      fileName: 'wmt14ende_cpu_xeon_all.csv',
      device: 'Intel Xeon',
      sha256: 'f'.repeat(64),
      summary: parsed.summary,
      rows: parsed.rows,
      importedAt: '2026-01-01T00:00:00.000Z',
    };
    const predictor = {
      id: 'q1',
      profileId: 'p1',
      json: '{"format":"hat-explorer/latency-predictor"}',
      savedAt: 'now',
    };
    const db = await ProfilesDb.open(factory);
    await db.putProfile(profile);
    await db.putPredictor(predictor);
    await db.putPredictor({ ...predictor, id: 'q2', profileId: 'other' });
    db.close();

    const reopened = await ProfilesDb.open(factory);
    expect(await reopened.listProfiles()).toEqual([profile]);
    expect((await reopened.listPredictors()).map((p) => p.id)).toEqual(['q1', 'q2']);
    await reopened.deleteProfile('p1');
    expect(await reopened.listProfiles()).toEqual([]);
    expect((await reopened.listPredictors()).map((p) => p.id)).toEqual(['q2']);
  });
});
