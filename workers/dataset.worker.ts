import { expose } from 'comlink';
import { readLatencyCsv } from '../src/core/dataset';
import type { DatasetWorkerApi } from '../src/protocol/dataset';

const api: DatasetWorkerApi = {
  parseLatencyFile: (file) => readLatencyCsv(file),
};

expose(api);
