import { FEATURE_NAMES } from '../features';
import { fail, ok, type Problem, type Result } from '../result';
import { DECODER_TERMS, ENCODER_TERMS, type CostModel } from './cost-model';
import type { PredictionInterval } from './interval';
import type { PredictorMetrics } from './metrics';
import type { DenseLayer } from './mlp';
import { headCount, type LatencyModel, type LatencyPredictor, type MlpModel, type PredictorHeads } from './predictor';

export const PREDICTOR_FORMAT = 'hat-explorer/latency-predictor';
/**
 * Version 2: the model is a `model` object of kind "mlp" or "cost" (version 1 had the MLP's fields at the top
 * level), and an optional calibrated `interval`. Version-1 files are still read: as an MLP with no interval.
 */
export const PREDICTOR_VERSION = 2;
const READABLE_VERSIONS = [1, 2];

/** Float32 weights round-trip exactly through 9 significant digits, and the file stays a third of full doubles. */
const float32Text = (x: number): number => Number(Math.fround(x).toPrecision(9));

function modelToJson(model: LatencyModel): object {
  if (model.kind === 'cost') return { ...model, terms: { encoder: ENCODER_TERMS, decoder: DECODER_TERMS } };
  return {
    kind: 'mlp',
    featureStats: model.featureStats,
    heads: model.heads,
    targetStats: model.targetStats,
    layers: model.layers.map((layer) => ({
      inputs: layer.inputs,
      outputs: layer.outputs,
      weights: Array.from(layer.weights, float32Text),
      bias: Array.from(layer.bias, float32Text),
    })),
  };
}

/** The versioned JSON file: the predictor plus a statement of its target, so a reader knows what it predicts. */
export function predictorToJson(predictor: LatencyPredictor): string {
  return JSON.stringify({
    format: PREDICTOR_FORMAT,
    version: PREDICTOR_VERSION,
    target: 'total latency in ms = mean encoder + mean decoder (HAT protocol, spec section 5)',
    featureNames: predictor.featureNames,
    model: modelToJson(predictor.model),
    correction: predictor.correction,
    ...(predictor.interval ? { interval: predictor.interval } : {}),
    provenance: predictor.provenance,
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

type Need = (ok: boolean, field: string, message: string) => void;

/** The MLP's fields, at the top level (version 1) or in `model` (version 2); `prefix` names them in problems. */
function readMlp(data: Json, need: Need, problems: Problem[], prefix: string): MlpModel {
  const fs = data.featureStats;
  need(
    isObject(fs) && isNumberList(fs.mean, 10) && isNumberList(fs.std, 10) && (fs.std as number[]).every((s) => s > 0),
    `${prefix}featureStats`,
    'needs mean and std lists of 10 numbers, std > 0',
  );
  const heads = data.heads as PredictorHeads;
  need(heads === 'total' || heads === 'encoder-decoder', `${prefix}heads`, 'must be "total" or "encoder-decoder"');
  const width = heads === 'total' || heads === 'encoder-decoder' ? headCount(heads) : 0;
  need(
    Array.isArray(data.targetStats) &&
      data.targetStats.length === width &&
      data.targetStats.every((s) => isObject(s) && isFiniteNumber(s.mean) && isFiniteNumber(s.std) && s.std > 0),
    `${prefix}targetStats`,
    `needs ${width || 'one or two'} {mean, std} entries, std > 0`,
  );
  const layers: DenseLayer[] = [];
  const before = problems.length;
  if (!Array.isArray(data.layers) || data.layers.length === 0)
    problems.push({ field: `${prefix}layers`, message: 'must be a non-empty list' });
  else {
    let inputs = 10;
    data.layers.forEach((layer: unknown, i) => {
      const field = `${prefix}layers[${i}]`;
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
    if (problems.length === before && last && last.outputs !== width) {
      problems.push({
        field: `${prefix}layers`,
        message: `the last layer has ${last.outputs} outputs, heads "${heads}" needs ${width}`,
      });
    }
  }
  return {
    kind: 'mlp',
    featureStats: fs as MlpModel['featureStats'],
    heads,
    targetStats: data.targetStats as MlpModel['targetStats'],
    layers,
  };
}

function readCost(data: Json, need: Need): CostModel {
  const floor = data.floorMs;
  need(
    isNumberList(data.encoder, ENCODER_TERMS.length) && isNumberList(data.decoder, DECODER_TERMS.length),
    'model',
    `a cost model needs ${ENCODER_TERMS.length} encoder and ${DECODER_TERMS.length} decoder coefficients`,
  );
  need(
    isObject(floor) && isFiniteNumber(floor.encoder) && isFiniteNumber(floor.decoder),
    'model.floorMs',
    'needs numbers encoder and decoder',
  );
  const terms = data.terms;
  need(
    isObject(terms) &&
      JSON.stringify(terms.encoder) === JSON.stringify(ENCODER_TERMS) &&
      JSON.stringify(terms.decoder) === JSON.stringify(DECODER_TERMS),
    'model.terms',
    `must be this app's cost terms (encoder ${ENCODER_TERMS.join(', ')}; decoder ${DECODER_TERMS.join(', ')})`,
  );
  const f = floor as { encoder: number; decoder: number };
  return {
    kind: 'cost',
    encoder: data.encoder as number[],
    decoder: data.decoder as number[],
    floorMs: { encoder: f?.encoder, decoder: f?.decoder },
  };
}

function readInterval(data: unknown, need: Need): PredictionInterval | undefined {
  if (data === undefined) return undefined;
  const d = isObject(data) ? data.distance : undefined;
  const valid =
    isObject(data) &&
    isNumberList(data.scores) &&
    data.scores.length >= 1 &&
    (data.scores as number[]).every((s, i, all) => i === 0 || all[i - 1]! <= s) &&
    isFiniteNumber(data.scale) &&
    data.scale > 0 &&
    isFiniteNumber(data.kappa) &&
    data.kappa >= 0 &&
    typeof data.method === 'string' &&
    isObject(d) &&
    isNumberList(d.mean, 10) &&
    isNumberList(d.std, 10) &&
    (d.std as number[]).every((s) => s > 0) &&
    isNumberList(d.precision, 100) &&
    isFiniteNumber(d.reference) &&
    d.reference > 0 &&
    (data.floor === undefined ||
      (isObject(data.floor) &&
        isFiniteNumber(data.floor.logRms) &&
        data.floor.logRms >= 0 &&
        Number.isInteger(data.floor.rows) &&
        (data.floor.rows as number) >= 2));
  need(
    valid,
    'interval',
    'needs ascending scores, a positive scale, kappa ≥ 0, a method, distance {mean, std, precision (10×10), reference} and an optional floor {logRms, rows ≥ 2}',
  );
  return valid ? (data as unknown as PredictionInterval) : undefined;
}

/** Reads a predictor JSON file (version 1 or 2), checking every field it relies on. Never throws. */
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
  if (!READABLE_VERSIONS.includes(data.version as number)) {
    return fail([
      {
        field: 'version',
        message: `version ${JSON.stringify(data.version)} is not supported (this app reads ${READABLE_VERSIONS.join(' and ')})`,
      },
    ]);
  }
  const problems: Problem[] = [];
  const need: Need = (ok, field, message) => {
    if (!ok) problems.push({ field, message });
  };
  const names = data.featureNames;
  need(
    Array.isArray(names) && names.length === FEATURE_NAMES.length && names.every((n, i) => n === FEATURE_NAMES[i]),
    'featureNames',
    `must be HAT's ten features in order (${FEATURE_NAMES.join(', ')})`,
  );
  let model: LatencyModel | undefined;
  let interval: PredictionInterval | undefined;
  if (data.version === 1) model = readMlp(data, need, problems, '');
  else if (!isObject(data.model)) problems.push({ field: 'model', message: 'must be an object' });
  else if (data.model.kind === 'mlp') model = readMlp(data.model, need, problems, 'model.');
  else if (data.model.kind === 'cost') model = readCost(data.model, need);
  else problems.push({ field: 'model.kind', message: 'must be "mlp" or "cost"' });
  if (data.version === 2) interval = readInterval(data.interval, need);
  const c = data.correction;
  need(
    isObject(c) && isFiniteNumber(c.scale) && isFiniteNumber(c.shift),
    'correction',
    'needs numbers scale and shift',
  );
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
  if (problems.length > 0 || !model) return fail(problems);
  return ok({
    featureNames: [...FEATURE_NAMES],
    model,
    correction: { scale: (c as Json).scale as number, shift: (c as Json).shift as number },
    ...(interval ? { interval } : {}),
    provenance: p as unknown as LatencyPredictor['provenance'],
  });
}
