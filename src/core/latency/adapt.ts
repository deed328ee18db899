import {
  costTerms,
  COST_HEADS,
  predictCostHeadsMs,
  weightedCostFit,
  type CostHead,
  type CostModel,
} from './cost-model';
import { IDENTITY_CORRECTION, predictLatencyMs, type LatencyPredictor, type LogAffineCorrection } from './predictor';

/**
 * Few-shot adaptation methods. 'shift': ln(ms) += b (one parameter: the new device is uniformly faster or slower).
 * 'affine': ln(ms) = a·ln(ms) + b (two: it may also scale large models differently from small ones).
 * 'refit': the cost model's unit costs refitted on the k rows, shrunk towards the base's (scaled to the new device)
 * by a ridge chosen by leave-one-out: the cost model's analogue of fine-tuning an MLP's last layer, in closed form.
 */
export type AdaptMethod = 'shift' | 'affine' | 'refit';
export const ADAPT_METHODS: readonly AdaptMethod[] = ['shift', 'affine', 'refit'];

type PointPredictor = Pick<LatencyPredictor, 'model' | 'correction'>;

/**
 * Fits the log-space correction that maps `base`'s predictions onto k measured latencies of a new device.
 * Closed-form least squares; for 'affine', the slope is shrunk towards 1 by a ridge of strength `ridge` (in units of
 * the predictions' ln-variance × k), because with 10 noisy rows a free slope overshoots.
 */
export function fitLogCorrection(
  base: PointPredictor,
  features: readonly (readonly number[])[],
  measuredMs: readonly number[],
  method: 'shift' | 'affine',
  ridge = 0.1,
): LogAffineCorrection {
  const k = features.length;
  if (k === 0 || measuredMs.length !== k) throw new RangeError('adaptation needs at least one measured row');
  const x = Array.from(predictLatencyMs(base, features), Math.log);
  const y = measuredMs.map(Math.log);
  const meanX = x.reduce((s, v) => s + v, 0) / k;
  const meanY = y.reduce((s, v) => s + v, 0) / k;
  let scale = 1;
  if (method === 'affine' && k >= 3) {
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < k; i++) {
      sxx += (x[i]! - meanX) ** 2;
      sxy += (x[i]! - meanX) * (y[i]! - meanY);
    }
    // Minimises Σ(y - a x - b)² + λ(a - 1)² with λ = ridge · sxx: a = (sxy + λ) / (sxx + λ).
    const lambda = ridge * sxx;
    scale = sxx > 0 ? (sxy + lambda) / (sxx + lambda) : 1;
  }
  const shift = meanY - scale * meanX;
  // Compose with the base's own correction, so the adapted predictor maps raw network outputs in one step.
  return { scale: scale * base.correction.scale, shift: scale * base.correction.shift + shift };
}

export function describeAdaptMethod(method: AdaptMethod): string {
  if (method === 'shift') return 'a log-space shift';
  if (method === 'affine') return 'a log-space affine correction';
  return 'refitting the cost model’s unit costs (ridge towards the base’s)';
}

/** The k measured rows of a new device: features and both heads' latencies. */
export interface Shots {
  features: readonly (readonly number[])[];
  encoderMs: readonly number[];
  decoderMs: readonly number[];
}

const totals = (shots: Shots): number[] => shots.encoderMs.map((ms, i) => ms + shots.decoderMs[i]!);
const take = (shots: Shots, keep: (i: number) => boolean): Shots => ({
  features: shots.features.filter((_, i) => keep(i)),
  encoderMs: shots.encoderMs.filter((_, i) => keep(i)),
  decoderMs: shots.decoderMs.filter((_, i) => keep(i)),
});

/** Ridge strengths tried for 'refit', relative to the data's own weight (k rows). */
const RIDGE_GRID = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];

/** One head refitted towards the base's unit costs times the head's geometric-mean ratio on the shots. */
function refitHead(head: CostHead, base: CostModel, shots: Shots, lambda: number): number[] {
  const ms = head === 'encoder' ? shots.encoderMs : shots.decoderMs;
  const basePredicted = predictCostHeadsMs(base, shots.features)[head];
  const ratio = Math.exp(ms.reduce((s, v, i) => s + Math.log(v / basePredicted[i]!), 0) / ms.length);
  const terms = shots.features.map((f) => costTerms(head, f));
  // Rows are weighted by 1/y², so term j's weight in the data is Σᵢ (tᵢⱼ/yᵢ)²; at λ = 1 the prior weighs as much
  // as one average row.
  const dataWeight = terms[0]!.map((_, j) => terms.reduce((sum, t, i) => sum + (t[j]! / ms[i]!) ** 2, 0));
  return weightedCostFit(
    terms,
    ms,
    ms.map(() => 1),
    { mean: base[head].map((c) => c * ratio), penalty: dataWeight.map((w) => (lambda * w) / ms.length) },
  );
}

function refitModel(base: CostModel, shots: Shots, lambda: number): CostModel {
  const [encoder, decoder] = COST_HEADS.map((head) => refitHead(head, base, shots, lambda)) as [number[], number[]];
  return {
    kind: 'cost',
    encoder,
    decoder,
    floorMs: {
      encoder: Math.min(base.floorMs.encoder, 0.1 * Math.min(...shots.encoderMs)),
      decoder: Math.min(base.floorMs.decoder, 0.1 * Math.min(...shots.decoderMs)),
    },
  };
}

const logError = (predicted: number, measured: number): number => Math.log(measured) - Math.log(predicted);

/** Leave-one-out log residuals of a fitting procedure on the shots. */
function leaveOneOut(shots: Shots, fit: (rest: Shots) => PointPredictor): number[] {
  const measured = totals(shots);
  return measured.map((ms, i) => {
    const model = fit(take(shots, (j) => j !== i));
    return logError(predictLatencyMs(model, [shots.features[i]!])[0]!, ms);
  });
}

/** The ridge for 'refit' with the lowest leave-one-out error on these shots. */
function chooseRidge(base: CostModel, shots: Shots): number {
  let best = { lambda: RIDGE_GRID[0]!, error: Infinity };
  for (const lambda of RIDGE_GRID) {
    const residuals = leaveOneOut(shots, (rest) => ({
      model: refitModel(base, rest, lambda),
      correction: IDENTITY_CORRECTION,
    }));
    const error = residuals.reduce((s, r) => s + Math.abs(r), 0);
    if (error < best.error) best = { lambda, error };
  }
  return best.lambda;
}

/** The adapted point predictor for one method (base's interval untouched). */
export function adaptWith(base: LatencyPredictor, shots: Shots, method: AdaptMethod): PointPredictor {
  if (method !== 'refit') {
    return { model: base.model, correction: fitLogCorrection(base, shots.features, totals(shots), method) };
  }
  if (base.model.kind !== 'cost') throw new RangeError('refit needs a cost-model base predictor');
  const model = base.model;
  return { model: refitModel(model, shots, chooseRidge(model, shots)), correction: IDENTITY_CORRECTION };
}

/** Methods a base supports: 'refit' needs a cost model with no correction of its own, and more rows than terms. */
export function adaptMethodsFor(base: PointPredictor, k: number): AdaptMethod[] {
  const refit = base.model.kind === 'cost' && base.correction.scale === 1 && base.correction.shift === 0 && k >= 5;
  return refit ? [...ADAPT_METHODS] : ['shift', 'affine'];
}

export interface AdaptChoice {
  method: AdaptMethod;
  predictor: PointPredictor;
  /** Leave-one-out MAPE of every method tried (fractions). */
  leaveOneOutMape: Partial<Record<AdaptMethod, number>>;
  /** The chosen method's leave-one-out log residuals: the new device's spread, for the interval. */
  residuals: number[];
}

/**
 * The rule: every method the base supports is scored by leave-one-out on the k shots (refit's ridge is chosen inside
 * each fold, so its score is not optimistic), and the lowest MAPE wins. The benchmark checks the rule against the
 * new device's test split (README, "Few-shot adaptation").
 */
export function chooseAdaptation(
  base: LatencyPredictor,
  shots: Shots,
  methods: readonly AdaptMethod[] = adaptMethodsFor(base, shots.features.length),
): AdaptChoice {
  const measured = totals(shots);
  if (measured.length < 2) throw new RangeError('adaptation needs at least two measured rows');
  const scored = methods.map((method) => {
    const residuals = leaveOneOut(shots, (rest) => adaptWith(base, rest, method));
    const mape = residuals.reduce((s, r) => s + Math.abs(Math.exp(-r) - 1), 0) / residuals.length;
    return { method, residuals, mape };
  });
  const best = scored.reduce((a, b) => (b.mape < a.mape ? b : a));
  return {
    method: best.method,
    predictor: adaptWith(base, shots, best.method),
    leaveOneOutMape: Object.fromEntries(scored.map((s) => [s.method, s.mape])),
    residuals: best.residuals,
  };
}
