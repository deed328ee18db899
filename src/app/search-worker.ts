import { transfer, wrap, type Remote } from 'comlink';
import type { SearchWorkerApi } from '../protocol/search';
import { getValidationWorkerForSearch } from './search-validation-link';

// One search worker, created on first use and kept: a reload-resumed run and a new one share it.
let client: Promise<Remote<SearchWorkerApi>> | undefined;

/** The app's base URL as an absolute URL, so the validation worker can fetch model/ and data/ under it. */
export const appBaseUrl = (): string => new URL(import.meta.env.BASE_URL, globalThis.location.href).href;

/**
 * The search worker, already connected to the validation worker by a MessageChannel of its own: validation
 * requests go worker to worker, so a long search never routes a config or a loss through the main thread.
 */
export function getSearchClient(): Promise<Remote<SearchWorkerApi>> {
  client ??= (async () => {
    const search = wrap<SearchWorkerApi>(
      new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }),
    );
    const channel = new MessageChannel();
    await getValidationWorkerForSearch().connectPort(transfer(channel.port1, [channel.port1]));
    await search.connectValidation(transfer(channel.port2, [channel.port2]), {
      backend: 'auto',
      baseUrl: appBaseUrl(),
    });
    return search;
  })();
  // A failed start-up (a worker that cannot load) is not cached, so the next Start tries again.
  client.catch(() => {
    client = undefined;
  });
  return client;
}
