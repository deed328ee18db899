import { useProfilesStore } from './profiles-store';
import { useAppStore } from './store';

const isCsv = (file: File): boolean => /\.csv$/i.test(file.name) || file.type === 'text/csv';
const isJson = (file: File): boolean => /\.json$/i.test(file.name) || file.type === 'application/json';

/**
 * Imports dropped or chosen files: CSVs as latency datasets, JSON files as predictors. Returns a notice naming the
 * files it skipped, or null.
 */
export function importLatencyFiles(files: readonly File[]): string | null {
  const skipped = files.filter((file) => !isCsv(file) && !isJson(file));
  const csvs = files.filter(isCsv);
  const predictors = files.filter((file) => isJson(file) && !isCsv(file));
  if (csvs.length > 0) void useAppStore.getState().importFiles(csvs);
  if (predictors.length > 0) void useProfilesStore.getState().importPredictorFiles(predictors);
  return skipped.length > 0
    ? `Skipped ${skipped.map((f) => f.name).join(', ')}: only .csv latency datasets and .json predictors are accepted here.`
    : null;
}
