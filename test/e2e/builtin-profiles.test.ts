import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { largestConfig } from '../../src/core/config';
import { parseLatencyCsvText } from '../../src/core/dataset';
import { datasetSha256 } from '../../src/core/latency/hash';
import { HAT_BUILTIN_DATASETS, profileIdForSha256 } from '../../src/core/latency/hat-datasets';
import { builtinSpace } from '../../src/core/space';
import { configToParam } from '../../src/app/url-state';
import { dropFiles, openApp, openTab } from './browser';

/**
 * HAT's built-in profiles behave like imported ones (metrics, scatter, comparison, adaptation, export), can be
 * hidden and restored across a reload, and every name the app shows or exports says the right task, for a
 * wmt14enfr file too (a real HAT file, test/fixtures/hat-latency/).
 */

const XEON = "Intel Xeon · WMT'14 En-De";
const IWSLT = "NVIDIA TITAN Xp · IWSLT'14 De-En";
const ENFR_FILE = 'wmt14enfr_cpu_xeon_all.csv';
const ENFR = "Intel Xeon · WMT'14 En-Fr";
const enfrText = readFileSync(fileURLToPath(new URL(`../fixtures/hat-latency/${ENFR_FILE}`, import.meta.url)), 'utf8');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openApp(inject('baseUrl'), {
    query: '#profiles',
    context: { viewport: { width: 1280, height: 800 }, acceptDownloads: true },
  }));
});

afterAll(async () => {
  await browser?.close();
});

const panel = () => page.locator('[data-testid="panel-profiles"]');
const builtin = (file: string) => panel().locator(`[data-testid="hat-profile"][data-file="${file}"]`);
const profile = (name: string) => page.locator(`[data-testid="profile"][data-device="${name}"]`);

async function exportedPredictor(name: string): Promise<{ provenance: Record<string, unknown> }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    profile(name).locator('[data-testid="export-predictor"]').click(),
  ]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as { provenance: Record<string, unknown> };
}

describe('HAT’s built-in profiles', () => {
  it('add a dataset and its trained predictor in one click each, marked as HAT’s measurement', async () => {
    await builtin('wmt14ende_cpu_xeon_all.csv').click();
    await builtin('iwslt14deen_gpu_titanxp_all.csv').click();
    for (const name of [XEON, IWSLT]) {
      await profile(name).locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 30_000 });
      expect(await profile(name).getAttribute('data-builtin')).toBe('true');
      expect(await profile(name).locator('.badge').textContent()).toBe('HAT’s measurement');
      expect(await profile(name).locator('[data-testid="profile-rows"]').textContent()).toBe('2,000 rows');
      await profile(name).locator('[data-testid="predictor-scatter"] .recharts-scatter-symbol').first().waitFor();
      expect(await profile(name).locator('[data-testid="predictor-scatter"] .recharts-scatter-symbol').count()).toBe(
        200,
      );
    }
    // The README's figures for these two files (test MAPE 4.89 % and 5.53 %).
    expect(await profile(XEON).locator('[data-testid="metric-MAPE"]').textContent()).toBe('4.9 %');
    expect(await profile(IWSLT).locator('[data-testid="metric-MAPE"]').textContent()).toBe('5.5 %');
    expect(await builtin('wmt14ende_cpu_xeon_all.csv').getAttribute('data-state')).toBe('listed');
  });

  it('compare, adapt and export like imported profiles, under their device-and-task names', async () => {
    const table = page.locator('[data-testid="profile-comparison"] table');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('thead th').allTextContents()).toEqual(['config', XEON, IWSLT]);
    await profile(IWSLT).locator('.adapt summary').click();
    await profile(IWSLT).locator('.adapt select').first().selectOption({ label: XEON });
    await profile(IWSLT).locator('.adapt button').click();
    await profile(IWSLT).locator('[data-testid="adaptation"]').waitFor({ timeout: 90_000 });
    expect(await profile(IWSLT).locator('[data-testid="adaptation"]').textContent()).toContain(
      `Adapted from ${XEON} with k = 10`,
    );
    const { provenance } = await exportedPredictor(XEON);
    expect(provenance).toMatchObject({ datasetName: 'wmt14ende_cpu_xeon_all.csv', device: XEON, splitSeed: 1 });
  });

  it('can be hidden, stay hidden after a reload, and come back with their predictors', async () => {
    await profile(XEON)
      .getByRole('button', { name: `Hide profile ${XEON}` })
      .click();
    await profile(XEON).waitFor({ state: 'detached' });
    expect(await builtin('wmt14ende_cpu_xeon_all.csv').getAttribute('data-state')).toBe('hidden');
    expect(await page.locator('[data-testid="profile-comparison"]').count()).toBe(0);
    expect(await page.locator('[data-testid="search-profile"] option').allTextContents()).not.toContain(
      `${XEON} (wmt14ende_cpu_xeon_all.csv)`,
    );

    await page.reload();
    await page.locator('[data-testid="profiles"][data-storage="ready"]').waitFor({ timeout: 60_000 });
    await profile(IWSLT).locator('[data-testid="adaptation"]').waitFor({ timeout: 30_000 });
    expect(await profile(XEON).count()).toBe(0);
    expect(await builtin('wmt14ende_cpu_xeon_all.csv').getAttribute('data-state')).toBe('hidden');

    await builtin('wmt14ende_cpu_xeon_all.csv').click();
    await profile(XEON).locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 30_000 });
    expect(await profile(XEON).locator('[data-testid="metric-MAPE"]').textContent()).toBe('4.9 %');
  });
});

describe('a WMT’14 En-Fr file', () => {
  let profileId = '';

  it('is named by its own task, when dropped anywhere on the page', async () => {
    const parsed = parseLatencyCsvText(enfrText);
    if (!parsed.ok) throw new Error('the En-Fr fixture does not parse');
    profileId = profileIdForSha256(await datasetSha256(parsed.rows));
    await openTab(page, 'search');
    // Not on the drop zone: on the search view, which imports it and opens the profiles.
    await dropFiles(page, 'body', [{ name: ENFR_FILE, text: enfrText }]);
    await page.locator('[data-testid="panel-profiles"]').waitFor({ state: 'visible', timeout: 10_000 });
    await profile(ENFR).waitFor({ timeout: 30_000 });
    expect(await profile(ENFR).locator('.dataset__name').textContent()).toBe(ENFR);
    expect(await profile(ENFR).getAttribute('data-builtin')).toBe('false');
  });

  it('keeps its task in the predictor, the search menu, the space warning and the exported YAML', async () => {
    await profile(ENFR).locator('[data-testid="train-predictor"]').click();
    await profile(ENFR).locator('[data-testid="predictor-metrics"]').waitFor({ timeout: 240_000 });
    expect((await exportedPredictor(ENFR)).provenance).toMatchObject({ datasetName: ENFR_FILE, device: ENFR });

    await openTab(page, 'search');
    const menu = page.locator('[data-testid="search-profile"]');
    await menu.selectOption({ label: `${ENFR} (${ENFR_FILE})` });
    expect(await page.locator('[data-testid="latency-axis-profile"]').textContent()).toBe(ENFR);
    expect(await page.locator('[data-testid="task-space-warning"]').count()).toBe(0);
    await page.locator('[data-testid="search-space"]').selectOption('hat-iwslt');
    expect(await page.locator('[data-testid="task-space-warning"]').textContent()).toMatch(
      /measured on WMT'14 En-Fr SubTransformers \(hat-wmt, hat-wmt-latency\), not hat-iwslt/,
    );
    // A warning, not a block: the search can still start.
    expect(await page.locator('[data-testid="search-start"]').isDisabled()).toBe(false);
    await page.locator('[data-testid="search-space"]').selectOption('hat-wmt');
    expect(await page.locator('[data-testid="task-space-warning"]').count()).toBe(0);

    // A shared link to a config, inspected under this profile, exports HAT YAML naming the device and the task.
    const config = configToParam(largestConfig(builtinSpace('hat-wmt')!));
    await page.goto(`${inject('baseUrl')}?space=hat-wmt&profile=${profileId}&config=${config}`);
    const inspector = page.locator('[data-testid="inspector"][data-key]');
    await inspector
      .locator('[data-testid="inspector-latency"] tbody tr', { hasText: ENFR })
      .waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      inspector.locator('[data-testid="export-yaml"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^HAT_wmt14enfr_xeon@[\d.]+m?s\.yml$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(`# predicted latency on ${ENFR}: `);
  }, 300_000);
});

describe('a shared link naming a built-in profile', () => {
  it('opens with that profile in a browser that never added it', async () => {
    const pi = HAT_BUILTIN_DATASETS[0];
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const other = await fresh.newPage();
      await other.goto(`${inject('baseUrl')}?space=hat-wmt&profile=${profileIdForSha256(pi.sha256)}&budget=5000`);
      await other.locator('[data-testid="search-start"]:not([disabled])').waitFor({ timeout: 30_000 });
      expect(await other.locator('[data-testid="latency-axis-profile"]').textContent()).toBe(
        "Raspberry Pi · WMT'14 En-De",
      );
      expect(await other.locator('[data-testid="search-budget"]').inputValue()).toBe('5000');
    } finally {
      await fresh.close();
    }
  });
});
