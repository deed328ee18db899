import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readHatLatency } from '../core/dataset/hat-latency-files';
import { dropFiles, openApp } from './browser';

// Generous timeouts: this machine runs other training jobs, and a 10 s step here has taken 40 s under that load.

const PI_FILE = 'wmt14ende_cpu_raspberrypi_all.csv';
const PI_DEVICE = "Raspberry Pi · WMT'14 En-De";
const IWSLT_DEVICE = "NVIDIA TITAN Xp · IWSLT'14 De-En";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openApp(inject('baseUrl'), { query: '#profiles' }));
});

afterAll(async () => {
  await browser?.close();
});

const profile = () => page.locator(`[data-testid="profile"][data-device="${PI_DEVICE}"]`);
const mape = () => profile().locator('[data-testid="metric-MAPE"]').textContent();

describe('latency predictors in the app', () => {
  let trainedMape: string | null = null;

  it('turns an imported HAT CSV into a profile', async () => {
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: PI_FILE, text: readHatLatency(PI_FILE) }]);
    await profile().waitFor({ timeout: 90_000 });
    expect(await profile().locator('[data-testid="profile-rows"]').textContent()).toBe('2,000 rows');
  });

  it(
    'trains its predictor in a worker and shows test metrics, outliers and the scatter',
    { timeout: 240_000 },
    async () => {
      await profile().locator('[data-testid="train-predictor"]').click();
      await profile().locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 180_000 });
      trainedMape = await mape();
      const value = Number(/^([\d.]+) %$/.exec(trainedMape ?? '')?.[1]);
      // Node trains the same recipe to 2.4 % test MAPE on this split (README); the linear baseline gets 4.9 %.
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(4.5);
      expect(await profile().locator('[data-testid="interval-summary"]').textContent()).toMatch(
        /90 % interval: [\d.]+ % of 200 test rows inside/,
      );
      expect(await profile().locator('[data-testid="outliers"]').textContent()).toMatch(/\d+ rows look like outliers/);
      await profile()
        .locator('[data-testid="predictor-scatter"] .recharts-scatter-symbol')
        .first()
        .waitFor({ timeout: 60_000 });
      expect(await profile().locator('[data-testid="predictor-scatter"] .recharts-scatter-symbol').count()).toBe(200);
    },
  );

  it('refuses a bad predictor file with a clear message and keeps the profile', async () => {
    await dropFiles(page, '[data-testid="drop-zone"]', [
      { name: 'junk.json', text: '{"format":"nope"}', type: 'application/json' },
    ]);
    const notice = page.locator('[data-testid="predictor-notice"][data-ok="false"]');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toMatch(
      /junk\.json: not a latency predictor: format: expected "hat-explorer\/latency-predictor"/,
    );
    expect(await mape()).toBe(trainedMape);
  });

  it('exports the predictor JSON and imports it back onto the same profile', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      profile().locator('[data-testid="export-predictor"]').click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      format: 'hat-explorer/latency-predictor',
      version: 2,
      model: { kind: 'cost' },
      interval: { scale: 1 },
    });
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: 'pi.predictor.json', text, type: 'application/json' }]);
    const notice = page.locator('[data-testid="predictor-notice"][data-ok="true"]');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toBe(`pi.predictor.json: attached to ${PI_FILE}`);
    expect(await page.locator('[data-testid="profile"]').count()).toBe(1);
  });

  it('still has the profile and its predictor after a reload', async () => {
    await page.reload();
    await page.locator('[data-testid="profiles"][data-storage="ready"]').waitFor({ timeout: 90_000 });
    await profile().locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 90_000 });
    expect(await profile().locator('[data-testid="profile-rows"]').textContent()).toBe('2,000 rows');
    expect(await mape()).toBe(trainedMape);
    await page.screenshot({ path: '/tmp/hat-e2e-predictors.png', fullPage: true });
  });

  it(
    'compares the same configs across profiles and adapts one profile from another with k rows',
    { timeout: 300_000 },
    async () => {
      const iwsltFile = 'iwslt14deen_gpu_titanxp_all.csv';
      await dropFiles(page, '[data-testid="drop-zone"]', [{ name: iwsltFile, text: readHatLatency(iwsltFile) }]);
      const iwslt = page.locator(`[data-testid="profile"][data-device="${IWSLT_DEVICE}"]`);
      await iwslt.waitFor({ timeout: 90_000 });
      await iwslt.locator('[data-testid="train-predictor"]').click();
      await iwslt.locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 180_000 });
      const table = page.locator('[data-testid="profile-comparison"] table');
      await table.waitFor({ timeout: 60_000 });
      expect(await table.locator('thead th').allTextContents()).toEqual(['config', PI_DEVICE, IWSLT_DEVICE]);
      expect(await table.locator('tbody tr').count()).toBe(5);
      // Adapt the Raspberry Pi predictor to the IWSLT TITAN Xp profile from 10 of its rows.
      await iwslt.locator('.adapt summary').click();
      await iwslt.locator('.adapt button').click();
      await iwslt.locator('[data-testid="adaptation"]').waitFor({ timeout: 90_000 });
      expect(await iwslt.locator('[data-testid="adaptation"]').textContent()).toMatch(
        new RegExp(
          `Adapted from ${PI_DEVICE.replace(/[()]/g, '\\$&')} with k = 10 rows: (shift|affine|refit) ` +
            `\\(leave-one-out MAPE shift [\\d.]+ %, affine [\\d.]+ %, refit [\\d.]+ %\\)`,
        ),
      );
      expect(await iwslt.locator('[data-testid="interval-summary"]').textContent()).toMatch(/scaled by [\d.]+/);
      expect(await iwslt.locator('[data-testid="metric-MAPE"]').textContent()).toMatch(/^[\d.]+ %$/);
    },
  );
});
