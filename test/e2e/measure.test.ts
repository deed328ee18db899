import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { parseLatencyCsvText } from '../../src/core/dataset';
import { dropFiles, openApp, openTab } from './browser';

/** Threads the measurement runs on: two, so the threaded WASM build is timed (and resumed) for real. */
const THREADS = 2;

/**
 * The measure flow on WASM in headless Chromium. IWSLT's space (real dims, FFN up to 2048) with a 64-token vocabulary,
 * no dry runs and 2 timed runs is the least work the real protocol allows: about a minute on an idle 2-core machine.
 * The timeouts are generous because a busy machine (other builds and a training job) slows it tenfold.
 */
const MEASURE_TIMEOUT_MS = 600_000;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openApp(inject('baseUrl'), { query: '#measure', timeoutMs: 180_000 }));
});

afterAll(async () => {
  await browser?.close();
});

const run = () => page.locator('[data-testid="measure-run"]').first();
const rowsOf = async (): Promise<number> => Number(await run().getAttribute('data-rows'));
const measuredProfile = () =>
  page.locator(`[data-testid="profile"][data-device="This device, wasm ${THREADS} threads (hat-iwslt)"]`);

async function waitForRows(atLeast: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="measure-run"]')?.getAttribute('data-rows') ?? -1) >= n,
    atLeast,
    { timeout: timeoutMs, polling: 250 },
  );
}

const text = async (download: Download): Promise<string> => readFileSync((await download.path())!, 'utf8');

describe('measuring this device', () => {
  it('measures on WASM, keeps finished rows across a reload and resumes to 5 rows', async () => {
    const form = page.locator('[data-testid="measure-device"]');
    // The app's other panels make the first render slow on a busy machine (54 s seen at load average 13).
    await form.waitFor({ timeout: 180_000 });
    await form.locator('[data-testid="measure-backend"]').selectOption('wasm');
    await form.locator('[data-testid="measure-space"]').selectOption('hat-iwslt');
    await form.locator('[data-testid="measure-count-input"]').fill('5');
    await form.locator('summary', { hasText: 'Protocol settings' }).click();
    await form.locator('[data-testid="measure-latiter"]').fill('2');
    await form.locator('[data-testid="measure-dry-runs"]').fill('0');
    await form.locator('[data-testid="measure-vocab"]').fill('64');
    await form.locator('[data-testid="measure-threads"]').fill(String(THREADS));
    // Keyboard: the start button is reachable and works with Enter.
    await form.locator('[data-testid="measure-start"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="measure-progress"] [data-testid="measure-eta"]').waitFor({ timeout: 300_000 });
    await waitForRows(1, MEASURE_TIMEOUT_MS);
    expect(await page.locator('[data-testid="measure-drift"]').textContent()).toMatch(/reference config: [\d.]+ m?s/);
    const before = await rowsOf();
    expect(before).toBeLessThan(5);

    await page.reload({ timeout: 180_000 });
    await run().waitFor({ timeout: 180_000 });
    expect(await run().getAttribute('data-status')).toBe('interrupted');
    // Every row finished before the reload is still there (at most the one in flight was lost).
    expect(await rowsOf()).toBeGreaterThanOrEqual(before);
    await run().locator('[data-testid="run-resume"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="measure-run"]')?.getAttribute('data-status') === 'done',
      undefined,
      { timeout: MEASURE_TIMEOUT_MS, polling: 500 },
    );
    expect(await rowsOf()).toBe(5);
    expect(await run().locator('[data-testid="run-drift"]').textContent()).toMatch(/reference drift [+−][\d.]+ %/);
    // A finished run becomes a profile, like an imported CSV.
    await openTab(page, 'profiles');
    await measuredProfile().waitFor({ timeout: 10_000 });
    expect(await measuredProfile().locator('[data-testid="profile-rows"]').textContent()).toBe('5 rows');
  }, 1_500_000);

  it('offers to adapt a HAT profile to the measured one, and says how many rows that needs', async () => {
    // One of HAT's built-in profiles, with its shipped predictor: the base a measured device adapts from.
    await page
      .locator(
        '[data-testid="panel-profiles"] [data-testid="hat-profile"][data-file="iwslt14deen_gpu_titanxp_all.csv"]',
      )
      .click();
    const hat = page.locator(`[data-testid="profile"][data-device="NVIDIA TITAN Xp · IWSLT'14 De-En"]`);
    await hat.locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 90_000 });
    const adapt = measuredProfile().locator('[data-testid="adapt-controls"]');
    await adapt.locator('summary').click();
    // Five measured rows leave four shots and no test row: the card names the smallest run that adapts.
    expect(await adapt.locator('[data-testid="adapt-too-few"]').textContent()).toMatch(
      /This profile has 5 rows: adapting needs at least 5 training rows and one test row \(measure 8 or more rows\)/,
    );
    await hat.getByRole('button', { name: /Hide profile/ }).click();
    await hat.waitFor({ state: 'detached' });
  }, 240_000);

  it("exports HAT's CSV with a device sidecar, and the CSV imports again as a profile", async () => {
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await openTab(page, 'measure');
    await run().locator('[data-testid="run-export"]').click();
    const deadline = Date.now() + 10_000;
    while (downloads.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const csv = downloads.find((d) => d.suggestedFilename().endsWith('.csv'))!;
    const sidecar = downloads.find((d) => d.suggestedFilename().endsWith('.measure.json'))!;
    const csvText = await text(csv);
    const parsed = parseLatencyCsvText(csvText);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.rows).toHaveLength(5);
    for (const row of parsed.rows) {
      expect(row.latencyMeanEncoderMs).toBeGreaterThan(0);
      expect(row.latencyMeanDecoderMs).toBeGreaterThan(0);
    }
    const device = JSON.parse(await text(sidecar)) as Record<string, unknown>;
    expect(device).toMatchObject({
      format: 'hat-explorer/latency-measurement',
      space: 'hat-iwslt',
      rows: 5,
      device: { backend: 'wasm', userAgent: expect.stringContaining('Chrome') as string, threads: THREADS },
      protocol: { sourceTokens: 23, latIter: 2, dryRuns: 0, beam: 5, vocabSize: 64, threads: THREADS },
    });
    expect(csv.suggestedFilename()).toContain(`wasm-${THREADS}-threads`);
    expect((device.device as { hardwareConcurrency: number }).hardwareConcurrency).toBeGreaterThan(0);

    // Remove the run's own profile, then import the exported file: the same rows come back as a profile.
    await openTab(page, 'profiles');
    await measuredProfile()
      .getByRole('button', { name: /Remove profile/ })
      .click();
    await measuredProfile().waitFor({ state: 'detached' });
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: csv.suggestedFilename(), text: csvText }]);
    const imported = page.locator(`[data-testid="profile"]`, { hasText: csv.suggestedFilename() });
    await imported.waitFor({ timeout: 30_000 });
    expect(await imported.locator('[data-testid="profile-rows"]').textContent()).toBe('5 rows');
  });
});
