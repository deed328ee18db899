import type { DatasetSummary, LatencyRow } from '../core/dataset/types';
import { datasetSha256 } from '../core/latency/hash';
import { HAT_LATENCY_FOLDER, hatPredictorPath, type HatBuiltinDataset } from '../core/latency/hat-datasets';
import { parsePredictorJson } from '../core/latency/json';
import type { LatencyPredictor } from '../core/latency/predictor';
import { problemsOnOneLine } from './read-file';
import { getDatasetWorker } from './workers';

/** One of HAT's shipped datasets with its shipped predictor, read from this app's own origin. */
export interface HatProfileFiles {
  rows: LatencyRow[];
  summary: DatasetSummary;
  predictor: LatencyPredictor;
  predictorJson: string;
}

async function fetchOk(path: string): Promise<Response> {
  const url = `${import.meta.env.BASE_URL}${HAT_LATENCY_FOLDER}/${path}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/**
 * Fetches a built-in dataset (parsed in the dataset worker, as a dropped file is) and its predictor, and checks that
 * both are the files the app was built with: the dataset's hash, and the predictor trained on that dataset.
 */
export async function fetchHatProfile(dataset: HatBuiltinDataset): Promise<HatProfileFiles> {
  const [csv, predictorJson] = await Promise.all([
    fetchOk(dataset.fileName).then((r) => r.blob()),
    fetchOk(hatPredictorPath(dataset.fileName)).then((r) => r.text()),
  ]);
  const parsed = await getDatasetWorker().parseLatencyFile(csv);
  if (!parsed.ok) throw new Error(`${dataset.fileName}: ${parsed.errors[0]?.message ?? 'not a latency dataset'}`);
  const sha256 = await datasetSha256(parsed.rows);
  if (sha256 !== dataset.sha256) throw new Error(`${dataset.fileName} is not the file this app was built with`);
  const predictor = parsePredictorJson(predictorJson);
  if (!predictor.ok) throw new Error(`its predictor: ${problemsOnOneLine(predictor.problems)}`);
  if (predictor.value.provenance.datasetSha256 !== sha256) {
    throw new Error(`the shipped predictor was trained on another dataset than ${dataset.fileName}`);
  }
  return { rows: parsed.rows, summary: parsed.summary, predictor: predictor.value, predictorJson };
}
