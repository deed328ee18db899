export * from './types';
export { parseLatencyCsvText, readLatencyCsv } from './read';
export { writeLatencyCsv } from './write';
export { summarizeRows, totalLatencyMs } from './summary';
export { FEATURE_BOUNDS } from './bounds';
