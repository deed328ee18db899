import { readFileSync } from 'node:fs';
import { parseConfigYaml } from '../../../src/core/config-io';
import { configFeatures } from '../../../src/core/features';

/** HAT's 44 published SubTransformers with their measured latency (test/fixtures/hat-configs, MIT). */
export interface PublishedModel {
  task: string;
  model: string;
  hardware: string;
  latencyMs: number;
  /** HAT's ten features of its config. */
  features: number[];
  /** The latency CSV of its task and hardware, whose predictor HAT used for it. */
  datasetFile: string;
  /** What HAT's own trained predictor for that task and hardware says (scripts/hat-reference). */
  hatOwnMs: number;
}

const FIXTURES = new URL('../../fixtures/hat-configs/', import.meta.url);
const DEVICE_FILE: Record<string, string> = {
  'Raspberry Pi ARM Cortex-A72 CPU': 'cpu_raspberrypi',
  'Intel Xeon E5-2640 CPU': 'cpu_xeon',
  'Nvidia TITAN Xp GPU': 'gpu_titanxp',
};

/** Short hardware names, in the order the tables list them. */
export const HARDWARE = [
  ['Raspberry Pi ARM Cortex-A72 CPU', 'Raspberry Pi'],
  ['Intel Xeon E5-2640 CPU', 'Intel Xeon'],
  ['Nvidia TITAN Xp GPU', 'TITAN Xp'],
] as const;

export function loadPublishedModels(): PublishedModel[] {
  const published = JSON.parse(readFileSync(new URL('published.json', FIXTURES), 'utf8')) as {
    task: string;
    model: string;
    hardware: string;
    latencyMs: number;
  }[];
  const own = JSON.parse(readFileSync(new URL('hat-own-predictions.json', FIXTURES), 'utf8')) as {
    predictions: { model: string; latencyMs: number }[];
  };
  return published.map(({ task, model, hardware, latencyMs }) => {
    const parsed = parseConfigYaml(readFileSync(new URL(`${task}/${model}.yml`, FIXTURES), 'utf8'));
    if (!parsed.ok) throw new Error(`${model}: ${JSON.stringify(parsed.problems)}`);
    const hatOwn = own.predictions.find((p) => p.model === model);
    if (!hatOwn) throw new Error(`no HAT prediction for ${model}`);
    return {
      task,
      model,
      hardware,
      latencyMs,
      features: [...configFeatures(parsed.value)],
      datasetFile: `${task.replaceAll(/[.-]/g, '')}_${DEVICE_FILE[hardware]}_all.csv`,
      hatOwnMs: hatOwn.latencyMs,
    };
  });
}

export interface PublishedSummary {
  models: number;
  mape: number;
  within10: number;
  /** Mean signed relative error: negative means under-predicted (a model slower than promised). */
  bias: number;
}

export function summarise(predictedMs: readonly number[], measuredMs: readonly number[]): PublishedSummary {
  const errors = predictedMs.map((p, i) => p / measuredMs[i]! - 1);
  const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
  return {
    models: errors.length,
    mape: mean(errors.map(Math.abs)),
    within10: errors.filter((e) => Math.abs(e) <= 0.1 + 1e-12).length / errors.length,
    bias: mean(errors),
  };
}
