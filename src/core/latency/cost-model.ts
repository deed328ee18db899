import { solveSpd } from './linear';
import { madSigma } from './robust';

/**
 * A latency model that adds up what each layer costs. HAT's ten features are per-layer averages and layer counts,
 * so a layer count times an average is an exact sum over the layers (L·E·F̄ = Σ E·Fᵢ, the FFN's multiply count up
 * to a constant). Each head (encoder, decoder) is a linear combination of such sums, fitted per device: the
 * coefficients are the device's unit costs. Linear in the sums, it extrapolates to the corner of the space where
 * HAT's searched models sit (every encoder FFN at 3072, 7-8 heads), which uniform sampling almost never visits
 * and where an MLP on the raw features has nothing to interpolate between.
 *
 * Feature order (src/core/features.ts): 0 E_enc, 1 L_enc, 2 F̄_enc, 3 H̄_enc, 4 E_dec, 5 L_dec, 6 F̄_dec, 7 H̄_self,
 * 8 H̄_cross, 9 Ā (encoder layers each decoder layer attends to, 1-3).
 */
export const ENCODER_TERMS = ['1', 'L_enc', 'L_enc·E_enc', 'L_enc·E_enc·F_enc', 'L_enc·H_enc'] as const;
export const DECODER_TERMS = [
  '1',
  'E_dec', // the output projection, E_dec × vocabulary per beam row and step
  'L_dec', // per-layer fixed cost: kernel launches dominate a GPU at batch 1
  'L_dec·E_dec', // the four E×512 attention projections per sublayer
  'L_dec·E_dec·F_dec',
  'L_dec·H_self',
  'L_dec·H_cross',
  'L_dec·A', // attention over A × source length keys
  'L_dec·A·E_enc', // cross-attention keys and values from A encoder layers of width E_enc
] as const;

const encoderTerms = (f: readonly number[]): number[] => {
  const [e, l, ffn, heads] = f as [number, number, number, number];
  return [1, l, l * e, l * e * ffn, l * heads];
};

const decoderTerms = (f: readonly number[]): number[] => {
  const e = f[0]!;
  const [d, l, ffn, self, cross, attended] = f.slice(4) as [number, number, number, number, number, number];
  return [1, d, l, l * d, l * d * ffn, l * self, l * cross, l * attended, l * attended * e];
};

export type CostHead = 'encoder' | 'decoder';
export const COST_HEADS: readonly CostHead[] = ['encoder', 'decoder'];
export const costTerms = (head: CostHead, features: readonly number[]): number[] =>
  head === 'encoder' ? encoderTerms(features) : decoderTerms(features);
export const costTermNames = (head: CostHead): readonly string[] =>
  head === 'encoder' ? ENCODER_TERMS : DECODER_TERMS;

export interface CostModel {
  kind: 'cost';
  /** ms per unit of each term, in ENCODER_TERMS / DECODER_TERMS order. */
  encoder: number[];
  decoder: number[];
  /**
   * Lowest latency a head may predict, ms (a tenth of the fastest training row's): a linear model can go negative
   * far outside the space it was fitted on, and a latency cannot.
   */
  floorMs: { encoder: number; decoder: number };
}

/** Each head's latency (ms) for every feature vector. */
export function predictCostHeadsMs(
  model: CostModel,
  features: readonly (readonly number[])[],
): { encoder: Float64Array; decoder: Float64Array } {
  const head = (name: CostHead): Float64Array =>
    Float64Array.from(features, (f) => {
      const terms = costTerms(name, f);
      let ms = 0;
      for (let j = 0; j < terms.length; j++) ms += model[name][j]! * terms[j]!;
      return Math.max(ms, model.floorMs[name]);
    });
  return { encoder: head('encoder'), decoder: head('decoder') };
}

export function predictCostModelMs(model: CostModel, features: readonly (readonly number[])[]): Float64Array {
  const { encoder, decoder } = predictCostHeadsMs(model, features);
  return encoder.map((ms, i) => ms + decoder[i]!);
}

/** Huber's tuning constant: 95 % efficiency on normal residuals, linear weight beyond 1.345 σ. */
const HUBER_K = 1.345;

/**
 * Weighted least squares of `targetMs` on `terms` (rows × p) with weights 1/y², so the fit minimises relative
 * error, and a prior: minimises Σ wᵢ (yᵢ − aᵢ·c)² + Σ penaltyⱼ (cⱼ − priorⱼ)². Columns are scaled to unit RMS first
 * (the raw sums span 1 to 10⁸); a tiny ridge keeps collinear columns (L_enc is always 6 in HAT's spaces) solvable.
 */
export function weightedCostFit(
  terms: readonly (readonly number[])[],
  targetMs: readonly number[],
  rowWeights: readonly number[],
  prior?: { mean: readonly number[]; penalty: readonly number[] },
): number[] {
  const p = terms[0]?.length ?? 0;
  const scale = new Float64Array(p);
  terms.forEach((t) => t.forEach((v, j) => (scale[j]! += v * v)));
  for (let j = 0; j < p; j++) scale[j] = Math.sqrt(scale[j]! / terms.length) || 1;
  const ata = new Float64Array(p * p);
  const atb = new Float64Array(p);
  terms.forEach((t, r) => {
    const w = rowWeights[r]! / targetMs[r]! ** 2;
    for (let i = 0; i < p; i++) {
      const wi = (w * t[i]!) / scale[i]!;
      atb[i]! += wi * targetMs[r]!;
      for (let j = 0; j <= i; j++) ata[i * p + j]! += (wi * t[j]!) / scale[j]!;
    }
  });
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) ata[j * p + i] = ata[i * p + j]!;
  let trace = 0;
  for (let i = 0; i < p; i++) trace += ata[i * p + i]!;
  for (let i = 0; i < p; i++) {
    ata[i * p + i]! += 1e-9 * (trace / p);
    if (prior) {
      // In scaled units the coefficient is c·scale, so its penalty is penalty / scale².
      const penalty = prior.penalty[i]! / scale[i]! ** 2;
      ata[i * p + i]! += penalty;
      atb[i]! += penalty * prior.mean[i]! * scale[i]!;
    }
  }
  const solution = solveSpd(ata, atb, p);
  return Array.from(solution, (c, j) => c / scale[j]!);
}

/**
 * Robust fit of one head: iteratively reweighted least squares with Huber weights on the relative residual, so
 * HAT's drifted blocks (rows measured 15-40 % slow) and outliers count linearly instead of quadratically and the
 * fit follows the device's usual speed.
 */
export function fitCostHead(
  terms: readonly (readonly number[])[],
  targetMs: readonly number[],
  iterations = 12,
): number[] {
  const weights = new Array<number>(terms.length).fill(1);
  let coefficients = weightedCostFit(terms, targetMs, weights);
  for (let it = 1; it < iterations; it++) {
    const relative = terms.map((t, r) => t.reduce((s, v, j) => s + v * coefficients[j]!, 0) / targetMs[r]! - 1);
    const k = HUBER_K * Math.max(madSigma(relative), 1e-6);
    relative.forEach((e, r) => (weights[r] = Math.abs(e) <= k ? 1 : k / Math.abs(e)));
    coefficients = weightedCostFit(terms, targetMs, weights);
  }
  return coefficients;
}

export interface HeadLatencies {
  features: readonly (readonly number[])[];
  encoderMs: readonly number[];
  decoderMs: readonly number[];
}

/**
 * Fits both heads on measured rows. Needs more rows than terms (9); HAT's files have 1600 training rows.
 * `robust: false` is plain weighted least squares (the benchmark's comparison: drifted rows count in full).
 */
export function fitCostModel(rows: HeadLatencies, options: { robust?: boolean } = {}): CostModel {
  const n = rows.features.length;
  if (n < DECODER_TERMS.length + 1) {
    throw new RangeError(`a cost model needs at least ${DECODER_TERMS.length + 1} rows, got ${n}`);
  }
  const fitHead = (head: CostHead, ms: readonly number[]): number[] =>
    fitCostHead(
      rows.features.map((f) => costTerms(head, f)),
      ms,
      options.robust === false ? 1 : undefined,
    );
  return {
    kind: 'cost',
    encoder: fitHead('encoder', rows.encoderMs),
    decoder: fitHead('decoder', rows.decoderMs),
    floorMs: { encoder: 0.1 * Math.min(...rows.encoderMs), decoder: 0.1 * Math.min(...rows.decoderMs) },
  };
}
