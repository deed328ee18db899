import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validationLayout } from '../../src/app/validation-layout';
import { openApp } from './browser';

/**
 * WebGPU runs on SwiftShader here (about 0.4 GFLOP/s), so the panel validates on the first pairs of the shipped
 * subset (?validPairs, which the panel reports) and on HAT-WMT's smallest SubTransformer.
 */
const VALID_PAIRS = 8;

let browser: Browser;
let page: Page;
let requests: string[];

beforeAll(async () => {
  ({ browser, page, requests } = await openApp(inject('baseUrl'), {
    query: `?validPairs=${VALID_PAIRS}#model`,
    timeoutMs: 120_000,
  }));
});

afterAll(async () => {
  await browser?.close();
});

const panel = () => page.locator('[data-testid="supertransformer-panel"]');

async function validateOn(backend: 'webgpu' | 'wasm'): Promise<number> {
  await panel().locator('[data-testid="st-backend-choice"]').selectOption(backend);
  await panel().locator('[data-testid="st-config"]').selectOption('smallest:hat-wmt');
  const load = panel().locator('[data-testid="st-load"]');
  if (await load.isVisible()) await load.click();
  await panel().locator(`[data-testid="st-model"][data-backend="${backend}"]`).waitFor({ timeout: 120_000 });
  await panel().locator('[data-testid="st-validate"]').click();
  const result = panel().locator(`[data-testid="st-loss"][data-backend="${backend}"]`);
  // SwiftShader compiles a pipeline per kernel shape on first use: minutes on a busy 2-core machine.
  await result.waitFor({ timeout: 540_000 });
  expect(await result.textContent()).toMatch(/^Smallest of hat-wmt: validation loss \d+\.\d{4} nats, perplexity/);
  return Number(await result.getAttribute('data-loss'));
}

describe('the SuperTransformer panel', () => {
  let webgpuLoss = Number.NaN;

  it('shows the model card and a validation loss on WebGPU (SwiftShader)', async () => {
    webgpuLoss = await validateOn('webgpu');
    expect(Number.isFinite(webgpuLoss) && webgpuLoss > 0).toBe(true);
    expect(await panel().locator('[data-testid="st-steps"]').textContent()).toMatch(/^[\d,]+ updates$/);
    expect(await panel().locator('[data-testid="st-width-scale"]').textContent()).toMatch(/^0\.25 /);
    expect(await panel().textContent()).toContain(`${VALID_PAIRS} pairs`);
  }, 700_000);

  it('gives the same loss on WASM, with its threads, within 1e-3 relative', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const wasmLoss = await validateOn('wasm');
    // The panel validates on every thread the page may use (every core by default), split over workers as the
    // search's validation is, and says how.
    const { workers, threadsPerWorker } = validationLayout(await page.evaluate(() => navigator.hardwareConcurrency));
    const card = panel().locator('[data-testid="st-model"][data-backend="wasm"]');
    expect(await card.getAttribute('data-workers')).toBe(String(workers));
    expect(await card.getAttribute('data-threads')).toBe(String(workers * threadsPerWorker));
    expect(await panel().locator('[data-testid="st-backend"]').textContent()).toMatch(
      new RegExp(`^wasm, ${workers * threadsPerWorker} threads?( \\(${workers} workers of ${threadsPerWorker}\\))?$`),
    );
    expect(Number.isFinite(wasmLoss) && wasmLoss > 0).toBe(true);
    expect(Math.abs(wasmLoss - webgpuLoss) / wasmLoss).toBeLessThan(1e-3);
  }, 300_000);

  it('translates a German sentence with the chosen SubTransformer', async () => {
    await panel().locator('[data-testid="st-german"]').fill('Das Haus ist groß.');
    await panel().locator('[data-testid="st-translate"]').click();
    const english = panel().locator('[data-testid="st-english"]');
    await english.waitFor({ timeout: 120_000 });
    expect(((await english.textContent()) ?? '').trim().length).toBeGreaterThan(0);
  }, 180_000);

  it('shows a clear error for an imported config outside the model’s spaces, and the page keeps working', async () => {
    const yaml = [
      'encoder-embed-dim-subtransformer: 1024',
      'decoder-embed-dim-subtransformer: 512',
      'encoder-layer-num-subtransformer: 1',
      'decoder-layer-num-subtransformer: 1',
      'encoder-ffn-embed-dim-all-subtransformer: [1024]',
      'decoder-ffn-embed-dim-all-subtransformer: [1024]',
      'encoder-self-attention-heads-all-subtransformer: [4]',
      'decoder-self-attention-heads-all-subtransformer: [4]',
      'decoder-ende-attention-heads-all-subtransformer: [4]',
      'decoder-arbitrary-ende-attn-all-subtransformer: [-1]',
    ].join('\n');
    await panel()
      .locator('[data-testid="st-import"]')
      .setInputFiles({ name: 'too-wide.yml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid="st-config"]') as HTMLSelectElement | null)?.value.startsWith('imported:'),
    );
    await panel().locator('[data-testid="st-validate"]').click();
    const error = panel().locator('[data-testid="st-validation-error"]');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/outside the SuperTransformer's spaces/);
    expect(await page.locator('h1').textContent()).toBe('HAT Explorer');
  }, 60_000);

  it('fetched everything from the app itself', () => {
    const origin = new URL(inject('baseUrl')).origin;
    expect(
      requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')),
    ).toEqual([]);
  });
});
