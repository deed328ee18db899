import { expose, proxy } from 'comlink';
import { createSearchWorkerApi } from '../src/search-runtime/worker-api';
import { SearchRunsDb } from '../src/storage/search-runs-db';
import type { SearchWorkerApi } from '../src/protocol/search';

// The engine, the predictor (pure JS) and the checkpoints live here; validation runs in the validation worker,
// reached through the MessagePort the page hands over in connectValidation.
const api: SearchWorkerApi = createSearchWorkerApi({
  openStore: () => SearchRunsDb.open(),
  proxyCallback: (callback) => proxy(callback),
});

expose(api);
