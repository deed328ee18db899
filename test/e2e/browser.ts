import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

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
