import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validateConfig } from '../../src/core/config';
import { parseConfigText } from '../../src/core/config-io';
import { configFeatures } from '../../src/core/features';
import { predictLatencyMs } from '../../src/core/latency/predictor';
import { builtinSpace } from '../../src/core/space';
import { readShippedPredictor } from '../../scripts/hat-predictors/shipped';
import { inspectFirstFrontPoint, openApp, openTab, searchEnd } from './browser';

/**
 * A newcomer's first minutes, at a 1280×800 laptop window: open the page, one click on HAT's Raspberry Pi profile,
 * Start search with the defaults, watch the front on a chart that is the page's main view, click a front point and
 * export its YAML. With SCREENSHOT_DIR set it writes the README's screenshots (docs/screenshots), light and dark.
 */

const PI_FILE = 'wmt14ende_cpu_raspberrypi_all.csv';
const PI_NAME = "Raspberry Pi · WMT'14 En-De";
const SCREENSHOTS = process.env.SCREENSHOT_DIR;

let browser: Browser;
let page: Page;
let requests: string[];

beforeAll(async () => {
  ({ browser, page, requests } = await openApp(inject('baseUrl'), {
    context: { viewport: { width: 1280, height: 800 }, acceptDownloads: true },
  }));
});

afterAll(async () => {
  await browser?.close();
});

const chart = () => page.locator('[data-testid="pareto-chart"]');
const plot = () => chart().locator('svg.recharts-surface').first();
const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!;
const shot = async (name: string): Promise<void> => {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
};
const horizontalOverflowPx = () =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a newcomer’s first minutes', () => {
  it('is offered HAT’s five measured devices, each named by device and task', async () => {
    const buttons = page.locator('[data-testid="panel-search"] [data-testid="hat-profile"]');
    await buttons.first().waitFor({ timeout: 30_000 });
    const labels = (await buttons.locator('.hat-picker__name').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(labels).toEqual([
      PI_NAME,
      "Intel Xeon · WMT'14 En-De",
      "NVIDIA TITAN Xp · WMT'14 En-De",
      "NVIDIA TITAN Xp · WMT'19 En-De",
      "NVIDIA TITAN Xp · IWSLT'14 De-En",
    ]);
    await page.locator('[data-testid="accuracy-axis"] a').waitFor();
    expect(await page.locator('[data-testid="chart-empty"]').textContent()).toMatch(/^Pick one of HAT’s measured/);
    await shot('1-first-screen');
  });

  it('has a search ready within seconds of one click on the Raspberry Pi, with no file to find', async () => {
    const clickedAt = await page.evaluate(() => performance.now());
    await page.locator(`[data-testid="panel-search"] [data-testid="hat-profile"][data-file="${PI_FILE}"]`).click();
    await page.locator('[data-testid="search-start"]:not([disabled])').waitFor({ timeout: 30_000 });
    const readyMs = (await page.evaluate(() => performance.now())) - clickedAt;
    console.log(`built-in Raspberry Pi profile: search ready ${readyMs.toFixed(0)} ms after the click`);
    expect(readyMs).toBeLessThan(10_000);
    const menu = page.locator('[data-testid="search-profile"]');
    expect(await menu.locator('option:checked').textContent()).toBe(`${PI_NAME} (${PI_FILE})`);
    expect(await page.locator('[data-testid="latency-axis-profile"]').textContent()).toBe(PI_NAME);
  });

  it('says beside the chart which model scored the accuracy axis, and links its model card', async () => {
    const line = (await page.locator('[data-testid="accuracy-axis"]').textContent()) ?? '';
    expect(line).toMatch(/HAT Explorer’s demo SuperTransformer \(width 1\/4, trained on [\d,]+ pairs of the Ding/);
    expect(line).toContain('not WMT translation quality');
    const href = (await page.locator('[data-testid="accuracy-axis"] a').getAttribute('href'))!;
    expect(href).toMatch(/model\/MODEL_CARD\.md$/);
    const card = await page.evaluate((url) => fetch(url).then((r) => r.text()), href);
    expect(card).toMatch(/^# Model card/);
  });

  it('draws the chart at least half the window wide and 400 px tall at 1280×800, with no sideways scroll', async () => {
    const { width, height } = await box(plot());
    console.log(`chart at 1280×800: ${width.toFixed(0)} × ${height.toFixed(0)} px`);
    expect(width).toBeGreaterThanOrEqual(640);
    expect(height).toBeGreaterThanOrEqual(400);
    expect(await horizontalOverflowPx()).toBeLessThanOrEqual(0);
    expect(await chart().locator('text', { hasText: 'validation loss (nats)' }).count()).toBe(1);
  });

  it('starts a search with the defaults and puts at least 10 points on the chart', async () => {
    const startedAt = Date.now();
    await page.locator('[data-testid="search-start"]').click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="pareto-chart"]')?.getAttribute('data-points')) >= 10,
      undefined,
      { timeout: 300_000, polling: 250 },
    );
    console.log(`10 points on the chart ${((Date.now() - startedAt) / 1000).toFixed(1)} s after Start search`);
    const end = await searchEnd(page, 600_000, 500);
    expect(end.status, end.line).toBe('done');
    expect(Number(await chart().getAttribute('data-points'))).toBeGreaterThanOrEqual(10);
  }, 660_000);

  it('opens the inspector beside the chart without moving it, and exports the point as HAT YAML', async () => {
    const before = await box(plot());
    const { inspector } = await inspectFirstFrontPoint(page, 'chart');
    const after = await box(plot());
    expect(after).toEqual(before);
    const panel = await box(page.locator('[data-testid="chart-panel"]'));
    expect((await box(inspector)).x).toBeGreaterThanOrEqual(panel.x + panel.width);
    await page.mouse.move(2, 2); // the point's tooltip closes
    await shot('2-search');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      inspector.locator('[data-testid="export-yaml"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^HAT_wmt14ende_raspberrypi@\d+\.\ds_loss@\d+\.\d\d\.yml$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain(`predicted latency on ${PI_NAME}: `);
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new Error(`exported YAML does not parse: ${JSON.stringify(parsed.problems)}`);
    expect(validateConfig(parsed.value, builtinSpace('hat-wmt')!)).toEqual([]);
    // The default budget is the one the app suggested for this device; the exported config meets it.
    const budgetMs = Number(new URL(page.url()).searchParams.get('budget'));
    const [latencyMs] = predictLatencyMs(await readShippedPredictor(PI_FILE), [configFeatures(parsed.value)]);
    expect(latencyMs).toBeLessThanOrEqual(budgetMs);
  });

  it('keeps the layout in dark mode and at 1920×1080', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('.workspace__inspector')?.scrollTo({ top: 0 }));
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgb(18, 19, 23)',
    );
    await shot('3-search-dark');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="pareto-chart"] svg')?.clientWidth ?? 0) > 960,
    );
    const { width, height } = await box(plot());
    console.log(`chart at 1920×1080: ${width.toFixed(0)} × ${height.toFixed(0)} px`);
    expect(width).toBeGreaterThanOrEqual(960);
    expect(height).toBeGreaterThanOrEqual(600);
    expect(await horizontalOverflowPx()).toBeLessThanOrEqual(0);
    await shot('4-search-1920-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows the built-in profile like an imported one, marked as HAT’s measurement', async () => {
    await openTab(page, 'profiles');
    const profile = page.locator(`[data-testid="profile"][data-device="${PI_NAME}"]`);
    expect(await profile.getAttribute('data-builtin')).toBe('true');
    expect(await profile.locator('[data-testid="hat-provenance"]').textContent()).toContain(
      "HAT’s measurement Raspberry Pi ARM Cortex-A72 CPU, WMT'14 En-De SubTransformers",
    );
    expect(await profile.locator('[data-testid="profile-rows"]').textContent()).toBe('2,000 rows');
    expect(await profile.locator('[data-testid="metric-MAPE"]').textContent()).toBe('2.4 %');
    await profile.locator('[data-testid="predictor-scatter"] .recharts-scatter-symbol').first().waitFor();
    expect(await profile.locator('[data-testid="predictor-scatter"] .recharts-scatter-symbol').count()).toBe(200);
    expect(await horizontalOverflowPx()).toBeLessThanOrEqual(0);
    await shot('5-profiles');
  });

  it('requested nothing from outside its own origin', () => {
    const origin = new URL(inject('baseUrl')).origin;
    const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(blob|data):/.test(url));
    expect(requests.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
  });
});
