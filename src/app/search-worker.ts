import { transfer, wrap, type Remote } from 'comlink';
import type { SearchWorkerApi } from '../protocol/search';
import { useComputeStore } from './compute-store';
import { currentValidationLayout, validationWorkers } from './search-validation-link';
import { workersBesideMeasurement, type ValidationLayout } from './validation-layout';

// One search worker, created on first use and kept: a reload-resumed run and a new one share it.
let client: Promise<Remote<SearchWorkerApi>> | undefined;
let connected: ValidationLayout | undefined;

/** The app's base URL as an absolute URL, so the validation worker can fetch model/ and data/ under it. */
export const appBaseUrl = (): string => new URL(import.meta.env.BASE_URL, globalThis.location.href).href;

/** Hands the search worker one MessageChannel per validation worker of `layout`, validated on as one pool. */
async function connectValidation(search: Remote<SearchWorkerApi>, layout: ValidationLayout): Promise<void> {
  const { workers } = validationWorkers(layout);
  const ports = await Promise.all(
    workers.map(async (worker) => {
      const channel = new MessageChannel();
      await worker.connectPort(transfer(channel.port1, [channel.port1]));
      return channel.port2;
    }),
  );
  await search.connectValidation(transfer(ports, ports), {
    backend: 'auto',
    baseUrl: appBaseUrl(),
    wasmThreads: layout.threadsPerWorker,
  });
  connected = layout;
  await shareCoresWithMeasurement(search);
}

/** Lets only the validation workers whose cores device measurement does not need take work. */
async function shareCoresWithMeasurement(search: Remote<SearchWorkerApi>): Promise<void> {
  if (!connected) return;
  const { threads, measuringThreads } = useComputeStore.getState();
  await search.setValidationWorkers(workersBesideMeasurement(connected, threads, measuringThreads));
}

/**
 * The search worker, connected to the validation workers by MessageChannels of its own: validation requests go
 * worker to worker, so a long search never routes a config or a loss through the main thread. Before each run the
 * workers follow the thread setting; during one they give way to device measurement.
 */
export function getSearchClient(): Promise<Remote<SearchWorkerApi>> {
  client ??= (async () => {
    const search = wrap<SearchWorkerApi>(
      new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }),
    );
    await connectValidation(search, currentValidationLayout());
    useComputeStore.subscribe((state, previous) => {
      if (state.measuringThreads !== previous.measuringThreads) void shareCoresWithMeasurement(search);
    });
    return search;
  })();
  // A failed start-up (a worker that cannot load) is not cached, so the next Start tries again.
  client.catch(() => {
    client = undefined;
  });
  return client;
}

/** The search worker for a new run, its validation workers rebuilt first if the thread setting changed. */
export async function getSearchClientForRun(): Promise<Remote<SearchWorkerApi>> {
  const search = await getSearchClient();
  const layout = currentValidationLayout();
  if (connected && (connected.workers !== layout.workers || connected.threadsPerWorker !== layout.threadsPerWorker)) {
    await connectValidation(search, layout);
  }
  return search;
}
