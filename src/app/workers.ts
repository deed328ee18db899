import { wrap, type Remote } from 'comlink';
import { BACKEND_NAMES, type BackendName } from '../tfjs/backend-names';
import type { BackendProbe, BackendsWorkerApi } from '../protocol/backends';
import type { DatasetWorkerApi } from '../protocol/dataset';
import { startTfjsWorker } from './tfjs-worker';

// The dataset worker is created lazily and kept: a second parse should not pay start-up again.
let datasetWorker: Remote<DatasetWorkerApi> | undefined;

export function getDatasetWorker(): Remote<DatasetWorkerApi> {
  datasetWorker ??= wrap<DatasetWorkerApi>(
    new Worker(new URL('../../workers/dataset.worker.ts', import.meta.url), { type: 'module', name: 'dataset' }),
  );
  return datasetWorker;
}

/** How long a backend may take to initialise and compute a 2x2 product before it is called unavailable. */
export const BACKEND_PROBE_TIMEOUT_MS = 20_000;

/** Probes one backend in a worker of its own, ended afterwards, so a hang cannot affect the others. */
async function probeInOwnWorker(name: BackendName): Promise<BackendProbe> {
  const worker = startTfjsWorker('probe', name);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<BackendProbe>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ name, available: false, detail: `did not initialise within ${BACKEND_PROBE_TIMEOUT_MS / 1000} s` }),
      BACKEND_PROBE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([wrap<BackendsWorkerApi>(worker).probe(name), timeout]);
  } catch (error) {
    return { name, available: false, detail: `the probe worker failed: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}

export function probeAllBackends(): Promise<BackendProbe[]> {
  return Promise.all(BACKEND_NAMES.map(probeInOwnWorker));
}
