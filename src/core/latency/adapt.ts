import { predictLatencyMs, type LatencyPredictor, type LogAffineCorrection } from './predictor';

/**
 * Few-shot adaptation methods. 'shift': ln(ms) += b (one parameter: the new device is uniformly faster or slower).
 * 'affine': ln(ms) = a·ln(ms) + b (two: it may also scale large models differently from small ones).
 */
export type AdaptMethod = 'shift' | 'affine';

/**
 * Fits the log-space correction that maps `base`'s predictions onto k measured latencies of a new device.
 * Closed-form least squares; for 'affine', the slope is shrunk towards 1 by a ridge of strength `ridge` (in units of
 * the predictions' ln-variance × k), because with 10 noisy rows a free slope overshoots.
 */
export function fitLogCorrection(
  base: Pick<LatencyPredictor, 'featureStats' | 'heads' | 'targetStats' | 'layers' | 'correction'>,
  features: readonly (readonly number[])[],
  measuredMs: readonly number[],
  method: AdaptMethod,
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
