import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium, started as this machine needs (root, no GPU, closed network). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WebGPU on a GPU-less machine runs on SwiftShader, Vulkan's software rasteriser. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_ARGS, ...WEBGPU_ARGS] });
}

/** Every request the page makes, so a test can assert nothing left this machine. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** A browser with the app open, and every request its page made. */
export interface OpenApp {
  browser: Browser;
  page: Page;
  requests: string[];
}

/**
 * Launches Chromium and opens the built app at `baseUrl` + `query`. `initScript` runs before the app's first script
 * (to observe it from the start); the caller closes `browser`.
 */
export async function openApp(
  baseUrl: string,
  options: { query?: string; context?: BrowserContextOptions; initScript?: () => void; timeoutMs?: number } = {},
): Promise<OpenApp> {
  const browser = await launchBrowser();
  const context = await browser.newContext(options.context);
  const page = await context.newPage();
  const requests = recordRequests(page);
  if (options.initScript) await page.addInitScript(options.initScript);
  await page.goto(`${baseUrl}${options.query ?? ''}`, { timeout: options.timeoutMs ?? 30_000 });
  return { browser, page, requests };
}

/** Drops files on an element through a real DataTransfer, as a user's drag-and-drop does. */
export async function dropFiles(
  page: Page,
  selector: string,
  files: { name: string; text: string; type?: string }[],
): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const file of list) data.items.add(new File([file.text], file.name, { type: file.type ?? 'text/csv' }));
    return data;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
  }
  await transfer.dispose();
}

/** Opens one of the app's views by its tab, as a user does (search, profiles, measure, model). */
export async function openTab(page: Page, id: 'search' | 'profiles' | 'measure' | 'model'): Promise<void> {
  await page.locator(`[data-testid="tab-${id}"]`).click();
  await page.locator(`[data-testid="panel-${id}"]`).waitFor({ state: 'visible' });
}

/** A file to drop: its bytes (binary files: checkpoints, fairseq's .bin/.idx) and name. */
export interface DroppedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Drops binary files on an element through a real DataTransfer (bytes travel base64-encoded into the page).
 * `selector` 'body' drops on the page itself, outside any drop zone.
 */
export async function dropBinaryFiles(page: Page, selector: string, files: DroppedFile[]): Promise<void> {
  const encoded = files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], file.name));
    }
    return data;
  }, encoded);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
  }
  await transfer.dispose();
}

/** Waits for the search to end (done or error); its chart status and the search panel's status line, for the message. */
export async function searchEnd(
  page: Page,
  timeoutMs: number,
  pollingMs: number,
): Promise<{ status: string; line: string }> {
  await page.waitForFunction(
    () =>
      ['done', 'error'].includes(
        document.querySelector('[data-testid="pareto-chart"]')?.getAttribute('data-status') ?? '',
      ),
    undefined,
    { timeout: timeoutMs, polling: pollingMs },
  );
  return {
    status: (await page.locator('[data-testid="pareto-chart"]').getAttribute('data-status')) ?? '',
    line: (await page.locator('[data-testid="search-status"]').textContent()) ?? '',
  };
}

/**
 * Opens the Pareto front's first point in the inspector: by its circle on the chart, or by its button in the front
 * list beside it (how a user reaches a point whose circle another covers), and waits for the inspector to show it.
 */
export async function inspectFirstFrontPoint(page: Page, via: 'chart' | 'list'): Promise<{ inspector: Locator }> {
  const button = page.locator('[data-testid="front-list"] [data-point-key]').first();
  const key = (await button.getAttribute('data-point-key'))!;
  if (via === 'list') await button.click();
  else await page.locator(`[data-testid="pareto-chart"] circle[data-point-key="${key}"]`).last().click();
  const inspector = page.locator(`[data-testid="inspector"][data-key="${key}"]`);
  await inspector.waitFor({ timeout: 10_000 });
  return { inspector };
}
