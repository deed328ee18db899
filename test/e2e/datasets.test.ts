import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hatLatencyPath, readHatLatency } from '../core/dataset/hat-latency-files';
import { dropFiles, openApp, openTab } from './browser';

const RASPBERRY_PI_FILE = 'wmt14ende_cpu_raspberrypi_all.csv';
const raspberryPi = readHatLatency(RASPBERRY_PI_FILE);
const header = raspberryPi.slice(0, raspberryPi.indexOf('\n'));
const brokenCsv = `${header}\n640,6,2048,8,640,6,2048,8,8,1,5,100,0.1,1\n640,6,2048,8,640,6,2048,8,8,1,slow,100,0.1,1\n`;

let browser: Browser;
let page: Page;
let requests: string[];

beforeAll(async () => {
  ({ browser, page, requests } = await openApp(inject('baseUrl')));
  await openTab(page, 'profiles');
});

afterAll(async () => {
  await browser?.close();
});

describe('first visit', () => {
  it('is cross-origin isolated, so SharedArrayBuffer and fine timers are available', async () => {
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  });

  it('shows which tf.js backends really run here', async () => {
    // Each backend gets a verdict within its 20 s probe timeout; wait for all four.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="backend-"][data-state="probing"]').length === 0,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const states = await page.$$eval('[data-testid^="backend-"]', (items) =>
      items.map((item) => [
        item.getAttribute('data-testid'),
        item.getAttribute('data-state'),
        item.getAttribute('title'),
      ]),
    );
    expect(states.map(([id]) => id)).toEqual(['backend-webgpu', 'backend-wasm', 'backend-webgl', 'backend-cpu']);
    const available = Object.fromEntries(states.map(([id, state, title]) => [id, `${state}: ${title}`]));
    // WASM is probed with every core (tf.js's threaded build, which needs the isolation above), up to tf.js's 8.
    const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
    expect(available['backend-wasm']).toBe(
      `available: WebAssembly, SIMD, ${cores === 1 ? 'one thread' : `${cores} threads`}`,
    );
    expect(available['backend-cpu']).toBe('available: plain JavaScript');
    // Every verdict comes with its reason, available or not.
    for (const [, state, title] of states) {
      expect(['available', 'unavailable']).toContain(state);
      expect(title?.length).toBeGreaterThan(0);
    }
  });
});

describe('importing latency datasets', () => {
  it('drops HAT’s Raspberry Pi file and lists its 2000-row summary', async () => {
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: RASPBERRY_PI_FILE, text: raspberryPi }]);
    const item = page.locator('[data-testid="dataset-item"][data-status="ok"]', { hasText: RASPBERRY_PI_FILE });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('[data-testid="dataset-rows"]').textContent()).toBe('2,000 rows');
    expect(await item.textContent()).toMatch(/latency \d+\.\d\d s – \d+\.\d\d s \(median \d+\.\d\d s\)/);
  });

  it('shows a broken file’s located error inline and keeps the earlier import', async () => {
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: 'broken.csv', text: brokenCsv }]);
    const broken = page.locator('[data-testid="dataset-item"][data-status="error"]', { hasText: 'broken.csv' });
    await broken.waitFor({ timeout: 30_000 });
    expect(await broken.locator('[data-testid="dataset-error"]').allTextContents()).toEqual([
      'line 3, column 11 (latency_mean_encoder): expected a number, found "slow"',
    ]);
    const good = page.locator('[data-testid="dataset-item"][data-status="ok"]', { hasText: RASPBERRY_PI_FILE });
    expect(await good.locator('[data-testid="dataset-rows"]').textContent()).toBe('2,000 rows');
  });

  it('imports through the keyboard-reachable file chooser too', async () => {
    await page.setInputFiles('[data-testid="file-input"]', hatLatencyPath('iwslt14deen_gpu_titanxp_all.csv'));
    const item = page.locator('[data-testid="dataset-item"][data-status="ok"]', { hasText: 'iwslt14deen' });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('[data-testid="dataset-rows"]').textContent()).toBe('2,000 rows');
    expect(await page.locator('[data-testid="dataset-item"]').count()).toBe(3);
  });

  it('takes several files in one drop, each judged on its own', async () => {
    const xeon = readHatLatency('wmt14ende_cpu_xeon_all.csv');
    await dropFiles(page, '[data-testid="drop-zone"]', [
      { name: 'xeon.csv', text: xeon },
      { name: 'empty.csv', text: '' },
    ]);
    const xeonItem = page.locator('[data-testid="dataset-item"][data-status="ok"]', { hasText: 'xeon.csv' });
    await xeonItem.waitFor({ timeout: 30_000 });
    const empty = page.locator('[data-testid="dataset-item"][data-status="error"]', { hasText: 'empty.csv' });
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.locator('[data-testid="dataset-error"]').allTextContents()).toEqual([
      'line 1: the file is empty',
    ]);
    expect(await page.locator('[data-testid="dataset-item"][data-status="ok"]').count()).toBe(3);
  });

  it('reaches the file chooser from the keyboard', async () => {
    await page.focus('body');
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'Choose files…'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('Choose files…');
  });

  it('fetched nothing from outside this machine', () => {
    const external = requests.filter((url) => !/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(url));
    expect(external).toEqual([]);
  });

  it('renders well (screenshot for review)', async () => {
    await page.screenshot({ path: '/tmp/hat-e2e-light.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/hat-e2e-dark.png', fullPage: true });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgb(18, 19, 23)',
    );
  });
});
