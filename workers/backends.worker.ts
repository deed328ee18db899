import { expose } from 'comlink';
import { probeBackend } from '../src/tfjs/backends';
import type { BackendsWorkerApi } from '../src/protocol/backends';

const api: BackendsWorkerApi = { probe: probeBackend };

expose(api);
