import { wrap, type Remote } from 'comlink';
import type { BackendsWorkerApi } from '../protocol/backends';
import type { DatasetWorkerApi } from '../protocol/dataset';

// Workers are created lazily and kept: a parse or probe should not pay start-up twice.
let datasetWorker: Remote<DatasetWorkerApi> | undefined;
let backendsWorker: Remote<BackendsWorkerApi> | undefined;

export function getDatasetWorker(): Remote<DatasetWorkerApi> {
  datasetWorker ??= wrap<DatasetWorkerApi>(
    new Worker(new URL('../../workers/dataset.worker.ts', import.meta.url), { type: 'module', name: 'dataset' }),
  );
  return datasetWorker;
}

export function getBackendsWorker(): Remote<BackendsWorkerApi> {
  backendsWorker ??= wrap<BackendsWorkerApi>(
    new Worker(new URL('../../workers/backends.worker.ts', import.meta.url), { type: 'module', name: 'backends' }),
  );
  return backendsWorker;
}
