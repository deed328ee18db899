import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../tfjs/backend-names';
import { probeBackend } from '../tfjs/backends';
import { wasmThreading } from '../tfjs/wasm-threads';
import { SHIPPED_MODEL_FILES, type BackendHost, type ShippedAssets } from './validation-service';

/**
 * A backend that neither initialises nor fails within this time is reported unavailable. Longer than the header's
 * 20 s probe: WebGPU on a software adapter (SwiftShader) on a busy 2-core machine was seen to need more than 20 s.
 */
export const BACKEND_ACTIVATE_TIMEOUT_MS = 90_000;

/** Fetches the shipped model, tokenizer and validation subset under the app's base URL (an absolute URL). */
export async function fetchShippedAssets(baseUrl: string): Promise<ShippedAssets> {
  const get = async (path: string): Promise<Response> => {
    const url = new URL(path, baseUrl);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(`could not download ${url.pathname}: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new Error(`could not download ${url.pathname}: HTTP ${response.status}`);
    return response;
  };
  const [header, weights, tokenizer, validTsv] = await Promise.all([
    get(SHIPPED_MODEL_FILES.header).then((r) => r.json() as Promise<unknown>),
    get(SHIPPED_MODEL_FILES.weights).then(async (r) => new Uint8Array(await r.arrayBuffer())),
    get(SHIPPED_MODEL_FILES.tokenizer).then((r) => r.json() as Promise<unknown>),
    get(SHIPPED_MODEL_FILES.validSearch).then((r) => r.text()),
  ]);
  return { header, weights, tokenizer, validTsv };
}

/** The parts of a GPUAdapter this module reads (typed here: the DOM lib's WebGPU types are not enabled). */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/** The slice of tf.js's WebGPU backend this module needs: its GPUDevice's lost promise. */
interface WebGpuBackendLike {
  device?: { lost?: Promise<{ message?: string; reason?: string }> };
}

/** Backends in a browser worker: each is probed (initialised and checked on a 2x2 product) before use. */
export const browserBackendHost: BackendHost = {
  async activate(name, wasmThreads = 1) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`did not initialise within ${BACKEND_ACTIVATE_TIMEOUT_MS / 1000} s`)),
        BACKEND_ACTIVATE_TIMEOUT_MS,
      );
    });
    try {
      const probe = await Promise.race([probeBackend(name, { wasmThreads }), timeout]);
      if (!probe.available) throw new Error(probe.detail);
      // A probe that timed out earlier may still finish and switch tf.js to its backend: insist on this one.
      if (tf.getBackend() !== name) throw new Error(`tf.js switched to ${tf.getBackend()} meanwhile`);
    } finally {
      clearTimeout(timer);
    }
  },
  threading(name) {
    if (name !== 'wasm') return { threads: 1, notice: null };
    const { threads, notice } = wasmThreading();
    return { threads, notice };
  },
  async softwareOnly(name) {
    if (name !== 'webgpu') return null;
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } }).navigator
      ?.gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
    if (adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader/i.test(text)) {
      return `its only adapter is a software one (${text.trim() || 'fallback adapter'})`;
    }
    return null;
  },
  deviceLost(name: BackendName) {
    if (name !== 'webgpu') return null;
    const lost = (tf.backend() as unknown as WebGpuBackendLike).device?.lost;
    return lost ? lost.then((info) => info.message || info.reason || 'no reason given') : null;
  },
};
