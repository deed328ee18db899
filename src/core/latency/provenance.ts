import type { LatencyRow } from '../dataset';
import type { PredictorProvenance } from './predictor';

export interface DatasetSource {
  rows: readonly LatencyRow[];
  seed: number;
  datasetName: string;
  device: string;
  datasetSha256: string;
}

/** What every trainer records about the dataset and split it trained on (the recipe and metrics are its own). */
export function datasetProvenance(
  source: DatasetSource,
  split: { train: readonly unknown[]; valid: readonly unknown[]; test: readonly unknown[] },
): Pick<
  PredictorProvenance,
  'datasetName' | 'device' | 'datasetSha256' | 'rows' | 'splitSeed' | 'split' | 'trainedAt'
> {
  return {
    datasetName: source.datasetName,
    device: source.device,
    datasetSha256: source.datasetSha256,
    rows: source.rows.length,
    splitSeed: source.seed,
    split: { train: split.train.length, valid: split.valid.length, test: split.test.length },
    trainedAt: new Date().toISOString(),
  };
}
