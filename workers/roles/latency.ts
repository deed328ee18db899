import * as tf from '@tensorflow/tfjs';
import type { MeasureDevice } from '../../src/core/latency/measure-plan';
import { probeBackend } from '../../src/tfjs/backends';
import { wasmThreading } from '../../src/tfjs/wasm-threads';
import { MeasureSession } from '../../src/device-latency/run';
import type { LatencyWorkerApi } from '../../src/protocol/latency';
import { MeasureDb } from '../../src/storage/measure-db';

type GpuAdapterInfo = Record<'vendor' | 'architecture' | 'device' | 'description', string>;
interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<{ info?: GpuAdapterInfo } | null> };
}

async function describeDevice(backend: string): Promise<MeasureDevice> {
  const device: MeasureDevice = {
    userAgent: navigator.userAgent,
    backend: tf.getBackend() ?? backend,
    hardwareConcurrency: navigator.hardwareConcurrency ?? null,
    threads: tf.getBackend() === 'wasm' ? wasmThreading().threads : 1,
  };
  if (backend === 'webgpu') {
    const info = (await (navigator as GpuNavigator).gpu?.requestAdapter())?.info;
    if (info) {
      const { vendor, architecture, device: name, description } = info;
      device.adapter = { vendor, architecture, device: name, description };
    }
  }
  return device;
}

/** Device measurement with HAT's protocol, runs stored in IndexedDB. */
export function latencyWorkerApi(): LatencyWorkerApi {
  let db: Promise<MeasureDb> | undefined;
  const session = new MeasureSession({
    db: () => (db ??= MeasureDb.open()),
    async selectBackend(name, threads) {
      // The same check the header's backend strip runs: initialise and compute a 2x2 product correctly. A worker's
      // WASM thread count is fixed once it has started; the page starts a new worker for another count.
      const probe = await probeBackend(name, { wasmThreads: threads });
      if (!probe.available) throw new Error(`backend ${name} is unavailable: ${probe.detail}`);
    },
    describeDevice,
  });

  return {
    start: (request, onProgress) => session.start(request, onProgress),
    resume: (runId, onProgress) => session.resume(runId, onProgress),
    pause: () => session.pause(),
    cancel: () => session.cancel(),
  };
}
