import * as tf from '@tensorflow/tfjs';
import type { DenseLayer } from '../core/latency/mlp';
import { createRng, type Rng } from '../core/rng';

/** Rows × width, row-major. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  width: number;
}

export interface MlpTrainOptions {
  hidden: readonly number[];
  learningRate: number;
  batchSize: number;
  maxSteps: number;
  loss: 'mse' | 'huber';
  /** Huber threshold, in the target's (z-scored) units. */
  huberDelta?: number;
  seed: number;
  /** Score the validation split every this many steps (0: never; the final weights are returned). */
  evalEvery: number;
  /** Stop after this many evaluations without a better validation score; the best weights are returned. */
  patience: number;
  /** Starting weights (same shape as `hidden` implies): used for fine-tuning. */
  initialLayers?: readonly DenseLayer[];
  /** Only these layer indices are trained (default: all). */
  trainableLayers?: readonly number[];
  onProgress?: (progress: MlpTrainProgress) => void;
}

export interface MlpTrainProgress {
  step: number;
  maxSteps: number;
  validScore: number;
  bestValidScore: number;
}

export interface MlpTrainResult {
  layers: DenseLayer[];
  stepsRun: number;
  bestStep: number;
  bestValidScore: number;
}

/**
 * PyTorch's default nn.Linear initialisation (kaiming-uniform with a = √5, i.e. U(±1/√fan_in) for weights and
 * biases), drawn from the project's seeded RNG so a training run is reproducible. HAT's predictor used exactly this.
 */
export function initLayers(sizes: readonly number[], rng: Rng): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    const bound = 1 / Math.sqrt(inputs);
    const uniform = (): number => (rng.nextFloat() * 2 - 1) * bound;
    layers.push({
      inputs,
      outputs,
      weights: Float32Array.from({ length: inputs * outputs }, uniform),
      bias: Float32Array.from({ length: outputs }, uniform),
    });
  }
  return layers;
}

/** `count` distinct row indices out of `rows` (a partial Fisher-Yates), as HAT's random.sample draws a batch. */
function sampleBatch(order: Int32Array, count: number, rng: Rng): Int32Array {
  const n = order.length;
  for (let i = 0; i < count; i++) {
    const j = i + rng.nextInt(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order.slice(0, count);
}

/**
 * Trains a ReLU MLP with tf.js. Back-propagation is written out by hand rather than through tf.grad because
 * tf.js's WASM matMul with a transposed operand, which autodiff uses, runs 7-9x slower than explicit
 * transpose-then-multiply here (27 ms vs 180 ms per HAT-sized step, measured in Node).
 * `validScore` scores candidate weights on the validation split (lower is better) for early stopping.
 */
export async function trainMlp(
  train: { x: Matrix; y: Matrix },
  validScore: (layers: DenseLayer[]) => number,
  options: MlpTrainOptions,
): Promise<MlpTrainResult> {
  const rng = createRng(options.seed);
  const sizes = [train.x.width, ...options.hidden, train.y.width];
  const start = options.initialLayers ?? initLayers(sizes, rng);
  if (start.length !== sizes.length - 1) throw new RangeError('initial layers do not match the hidden sizes');
  const trainable = new Set(options.trainableLayers ?? start.map((_, i) => i));
  const weights = start.map((layer, i) =>
    tf.variable(tf.tensor2d(layer.weights, [layer.inputs, layer.outputs]), trainable.has(i), `w${i}`),
  );
  const biases = start.map((layer, i) => tf.variable(tf.tensor1d(layer.bias), trainable.has(i), `b${i}`));
  const optimizer = tf.train.adam(options.learningRate, 0.9, 0.999, 1e-8);
  const x = tf.tensor2d(train.x.data, [train.x.rows, train.x.width]);
  const y = tf.tensor2d(train.y.data, [train.y.rows, train.y.width]);
  const batchSize = Math.min(options.batchSize, train.x.rows);
  const order = Int32Array.from({ length: train.x.rows }, (_, i) => i);
  const delta = options.huberDelta ?? 1;

  const snapshot = (): DenseLayer[] =>
    weights.map((w, i) => ({
      inputs: w.shape[0]!,
      outputs: w.shape[1]!,
      weights: w.dataSync() as Float32Array,
      bias: biases[i]!.dataSync() as Float32Array,
    }));

  const step = (): void => {
    const batch = sampleBatch(order, batchSize, rng);
    tf.tidy(() => {
      const indices = tf.tensor1d(batch, 'int32');
      const inputs: tf.Tensor2D[] = [tf.gather(x, indices)];
      const preActivations: tf.Tensor2D[] = [];
      for (let l = 0; l < weights.length; l++) {
        const z = tf.add(tf.matMul(inputs[l]!, weights[l]!), biases[l]!) as tf.Tensor2D;
        preActivations.push(z);
        inputs.push(l < weights.length - 1 ? tf.relu(z) : z);
      }
      const residual = tf.sub(inputs[weights.length]!, tf.gather(y, indices));
      const scale = 1 / (batchSize * train.y.width);
      // d(mean loss)/d(prediction): MSE gives 2r, Huber gives r clipped to ±delta.
      let dz: tf.Tensor2D =
        options.loss === 'mse' ? tf.mul(residual, 2 * scale) : tf.mul(tf.clipByValue(residual, -delta, delta), scale);
      const gradients: { name: string; tensor: tf.Tensor }[] = [];
      for (let l = weights.length - 1; l >= 0; l--) {
        if (trainable.has(l)) {
          gradients.push({ name: weights[l]!.name, tensor: tf.matMul(tf.transpose(inputs[l]!), dz) });
          gradients.push({ name: biases[l]!.name, tensor: tf.sum(dz, 0) });
        }
        if (l > 0) dz = tf.mul(tf.matMul(dz, tf.transpose(weights[l]!)), tf.step(preActivations[l - 1]!));
      }
      optimizer.applyGradients(gradients);
    });
  };

  let best = { layers: snapshot(), score: Number.POSITIVE_INFINITY, step: 0 };
  let stale = 0;
  let stepsRun = 0;
  try {
    for (let s = 1; s <= options.maxSteps; s++) {
      step();
      stepsRun = s;
      const evaluate = options.evalEvery > 0 && (s % options.evalEvery === 0 || s === options.maxSteps);
      if (!evaluate) continue;
      const layers = snapshot();
      const score = validScore(layers);
      if (score < best.score) {
        best = { layers, score, step: s };
        stale = 0;
      } else stale++;
      options.onProgress?.({ step: s, maxSteps: options.maxSteps, validScore: score, bestValidScore: best.score });
      if (stale >= options.patience) break;
      // Yield so a worker can deliver progress messages and a browser stays responsive.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (options.evalEvery === 0) best = { layers: snapshot(), score: validScore(snapshot()), step: stepsRun };
  } finally {
    for (const v of [...weights, ...biases]) v.dispose();
    x.dispose();
    y.dispose();
    optimizer.dispose();
  }
  return { layers: best.layers, stepsRun, bestStep: best.step, bestValidScore: best.score };
}
