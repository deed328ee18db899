import { expose } from 'comlink';
import { BACKEND_NAMES, probeBackend } from '../src/model/backends';
import type { BackendsWorkerApi } from '../src/protocol/backends';

const api: BackendsWorkerApi = {
  async probeAll() {
    const results = [];
    for (const name of BACKEND_NAMES) results.push(await probeBackend(name));
    return results;
  },
};

expose(api);
