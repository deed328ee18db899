import { FEATURE_NAMES } from '../features';
import { fail, ok, type Problem, type Result } from '../result';
import type { PredictorMetrics } from './metrics';
import type { DenseLayer } from './mlp';
import { headCount, type LatencyPredictor, type PredictorHeads } from './predictor';

export const PREDICTOR_FORMAT = 'hat-explorer/latency-predictor';
export const PREDICTOR_VERSION = 1;

/** Float32 weights round-trip exactly through 9 significant digits, and the file stays a third of full doubles. */
const float32Text = (x: number): number => Number(Math.fround(x).toPrecision(9));

/** The versioned JSON file: the predictor plus a statement of its target, so a reader knows what it predicts. */
export function predictorToJson(predictor: LatencyPredictor): string {
  return JSON.stringify({
    format: PREDICTOR_FORMAT,
    version: PREDICTOR_VERSION,
    target: 'total latency in ms = mean encoder + mean decoder (HAT protocol, spec section 5)',
    featureNames: predictor.featureNames,
    featureStats: predictor.featureStats,
    heads: predictor.heads,
    targetStats: predictor.targetStats,
    correction: predictor.correction,
    provenance: predictor.provenance,
    layers: predictor.layers.map((layer) => ({
      inputs: layer.inputs,
      outputs: layer.outputs,
      weights: Array.from(layer.weights, float32Text),
      bias: Array.from(layer.bias, float32Text),
    })),
  });
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNumberList = (value: unknown, length?: number): value is number[] =>
  Array.isArray(value) && value.every(isFiniteNumber) && (length === undefined || value.length === length);

function checkMetrics(value: unknown): value is PredictorMetrics {
  return isObject(value) && ['rows', 'rmseMs', 'mape', 'within10', 'kendallTau'].every((k) => isFiniteNumber(value[k]));
}

/** Reads a predictor JSON file, checking every field it relies on. Never throws; problems name the field. */
export function parsePredictorJson(text: string): Result<LatencyPredictor> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail([{ field: 'file', message: `not JSON: ${(error as Error).message}` }]);
  }
  if (!isObject(data)) return fail([{ field: 'file', message: 'expected a JSON object' }]);
  if (data.format !== PREDICTOR_FORMAT) {
    return fail([{ field: 'format', message: `expected "${PREDICTOR_FORMAT}", got ${JSON.stringify(data.format)}` }]);
  }
  if (data.version !== PREDICTOR_VERSION) {
    return fail([
      {
        field: 'version',
        message: `version ${JSON.stringify(data.version)} is not supported (this app reads ${PREDICTOR_VERSION})`,
      },
    ]);
  }
  const problems: Problem[] = [];
  const need = (ok: boolean, field: string, message: string): void => {
    if (!ok) problems.push({ field, message });
  };
  const names = data.featureNames;
  need(
    Array.isArray(names) && names.length === FEATURE_NAMES.length && names.every((n, i) => n === FEATURE_NAMES[i]),
    'featureNames',
    `must be HAT's ten features in order (${FEATURE_NAMES.join(', ')})`,
  );
  const fs = data.featureStats;
  need(
    isObject(fs) && isNumberList(fs.mean, 10) && isNumberList(fs.std, 10) && (fs.std as number[]).every((s) => s > 0),
    'featureStats',
    'needs mean and std lists of 10 numbers, std > 0',
  );
  const heads = data.heads as PredictorHeads;
  need(heads === 'total' || heads === 'encoder-decoder', 'heads', 'must be "total" or "encoder-decoder"');
  const width = heads === 'total' || heads === 'encoder-decoder' ? headCount(heads) : 0;
  need(
    Array.isArray(data.targetStats) &&
      data.targetStats.length === width &&
      data.targetStats.every((s) => isObject(s) && isFiniteNumber(s.mean) && isFiniteNumber(s.std) && s.std > 0),
    'targetStats',
    `needs ${width || 'one or two'} {mean, std} entries, std > 0`,
  );
  const c = data.correction;
  need(
    isObject(c) && isFiniteNumber(c.scale) && isFiniteNumber(c.shift),
    'correction',
    'needs numbers scale and shift',
  );
  const layers: DenseLayer[] = [];
  if (!Array.isArray(data.layers) || data.layers.length === 0)
    problems.push({ field: 'layers', message: 'must be a non-empty list' });
  else {
    let inputs = 10;
    data.layers.forEach((layer: unknown, i) => {
      const field = `layers[${i}]`;
      if (
        !isObject(layer) ||
        layer.inputs !== inputs ||
        !Number.isInteger(layer.outputs) ||
        (layer.outputs as number) < 1 ||
        !isNumberList(layer.weights, inputs * (layer.outputs as number)) ||
        !isNumberList(layer.bias, layer.outputs as number)
      ) {
        problems.push({
          field,
          message: `must have inputs ${inputs}, an integer outputs, inputs×outputs weights and outputs biases`,
        });
        return;
      }
      layers.push({
        inputs,
        outputs: layer.outputs as number,
        weights: Float32Array.from(layer.weights as number[]),
        bias: Float32Array.from(layer.bias as number[]),
      });
      inputs = layer.outputs as number;
    });
    const last = layers[layers.length - 1];
    if (problems.length === 0 && last && last.outputs !== width) {
      problems.push({
        field: 'layers',
        message: `the last layer has ${last.outputs} outputs, heads "${heads}" needs ${width}`,
      });
    }
  }
  const p = data.provenance;
  need(
    isObject(p) &&
      typeof p.datasetName === 'string' &&
      typeof p.device === 'string' &&
      typeof p.datasetSha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(p.datasetSha256) &&
      Number.isInteger(p.rows) &&
      Number.isInteger(p.splitSeed) &&
      typeof p.trainedAt === 'string' &&
      isObject(p.metrics) &&
      checkMetrics(p.metrics.test) &&
      checkMetrics(p.metrics.valid) &&
      checkMetrics(p.metrics.linearTest),
    'provenance',
    'needs datasetName, device, datasetSha256 (64 hex digits), rows, splitSeed, trainedAt and valid/test/linearTest metrics',
  );
  if (problems.length > 0) return fail(problems);
  return ok({
    featureNames: [...FEATURE_NAMES],
    featureStats: fs as LatencyPredictor['featureStats'],
    heads,
    targetStats: data.targetStats as LatencyPredictor['targetStats'],
    layers,
    correction: { scale: (c as Json).scale as number, shift: (c as Json).shift as number },
    provenance: p as unknown as LatencyPredictor['provenance'],
  });
}
