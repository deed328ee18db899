import { configKey, type SubTransformerConfig } from '../../../src/core/config';
import { configFeatures } from '../../../src/core/features';
import { countParams } from '../../../src/core/model-stats';
import type { SearchObjectives } from '../../../src/core/search';

/** A deterministic value in [0, 1) from a string (FNV-1a), so synthetic losses have reproducible noise. */
export function hashUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

/** Latency grows with width, depth and attended encoder layers: roughly 35 to 370 "ms" on hat-wmt. */
export function syntheticLatencyMs(config: SubTransformerConfig): number {
  const [eEmbed, eLayers, eFfn, eHeads, dEmbed, dLayers, dFfn, dHeads, dCross, dArb] = configFeatures(config);
  return (
    0.002 * eEmbed * eLayers +
    0.0005 * eFfn * eLayers +
    0.1 * eHeads +
    0.02 * dEmbed * dLayers +
    0.005 * dFfn * dLayers +
    0.2 * (dHeads + dCross) +
    10 * dArb * dLayers
  );
}

/** Loss falls with parameter count, plus a little per-config noise so ties are rare. */
export function syntheticValidLoss(config: SubTransformerConfig): number {
  const paramsM = countParams(config, 512) / 1e6;
  return 2 + 30 / Math.sqrt(paramsM) + 0.05 * hashUnit(configKey(config));
}

export interface CountingObjectives extends SearchObjectives {
  /** Every batch each objective received, as config keys. */
  latencyBatches: string[][];
  lossBatches: string[][];
}

/** Batch objectives from per-config functions, recording every call. */
export function countingObjectives(
  latencyMs: (config: SubTransformerConfig) => number = syntheticLatencyMs,
  validLoss: (config: SubTransformerConfig) => number = syntheticValidLoss,
): CountingObjectives {
  const latencyBatches: string[][] = [];
  const lossBatches: string[][] = [];
  return {
    latencyBatches,
    lossBatches,
    latencyMs: async (configs) => {
      latencyBatches.push(configs.map(configKey));
      return configs.map(latencyMs);
    },
    validLoss: async (configs) => {
      lossBatches.push(configs.map(configKey));
      return configs.map(validLoss);
    },
  };
}

/** A JSON round trip, as a checkpoint stored in IndexedDB or a file would take. */
export const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
