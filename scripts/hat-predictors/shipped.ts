import { readFile } from 'node:fs/promises';
import { parseLatencyCsvText } from '../../src/core/dataset';
import { deviceFromFileName } from '../../src/core/latency/device';
import { datasetSha256 } from '../../src/core/latency/hash';
import { HAT_LATENCY_FOLDER, HAT_PREDICTOR_SEED, hatPredictorPath } from '../../src/core/latency/hat-datasets';
import { parsePredictorJson, predictorToJson } from '../../src/core/latency/json';
import { trainCostPredictor } from '../../src/core/latency/cost-train';
import type { LatencyPredictor } from '../../src/core/latency/predictor';

const publicUrl = (path: string): URL => new URL(`../../public/${HAT_LATENCY_FOLDER}/${path}`, import.meta.url);

/** Where a shipped dataset's predictor lives in the repository. */
export const shippedPredictorUrl = (datasetFileName: string): URL => publicUrl(hatPredictorPath(datasetFileName));

/** The predictor the app ships for one of HAT's datasets, as read from the repository. */
export async function readShippedPredictor(datasetFileName: string): Promise<LatencyPredictor> {
  const parsed = parsePredictorJson(await readFile(shippedPredictorUrl(datasetFileName), 'utf8'));
  if (!parsed.ok) throw new Error(`${hatPredictorPath(datasetFileName)}: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/**
 * Trains the predictor of one shipped dataset exactly as the app's "Train predictor" does: the app's recipe (the
 * cost model, pure JavaScript) and split seed, the profile's name as its device: the same numbers every run.
 */
export async function trainShippedPredictor(datasetFileName: string): Promise<LatencyPredictor> {
  const parsed = parseLatencyCsvText(await readFile(publicUrl(datasetFileName), 'utf8'));
  if (!parsed.ok) throw new Error(`${datasetFileName}: ${parsed.errors[0]?.message}`);
  const { predictor } = trainCostPredictor({
    rows: parsed.rows,
    seed: HAT_PREDICTOR_SEED,
    datasetName: datasetFileName,
    device: deviceFromFileName(datasetFileName),
    datasetSha256: await datasetSha256(parsed.rows),
  });
  return predictor;
}

/** The file text minus what differs between two identical trainings (the date and the time they took). */
function reproducibleFields(predictor: LatencyPredictor): unknown {
  const { trainedAt: _at, trainingMs: _ms, ...provenance } = predictor.provenance;
  return { ...JSON.parse(predictorToJson(predictor)), provenance };
}

/** Where a shipped predictor differs from a fresh training (top-level fields of its file); empty when it does not. */
export function predictorDifferences(shipped: LatencyPredictor, fresh: LatencyPredictor): string[] {
  const a = reproducibleFields(shipped) as Record<string, unknown>;
  const b = reproducibleFields(fresh) as Record<string, unknown>;
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...fields].filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
}
