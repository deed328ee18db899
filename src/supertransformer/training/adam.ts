import * as tf from '@tensorflow/tfjs';

/**
 * Adam with decoupled learning rate (set per step, for warm-up and decay) and a state that can be saved and
 * restored, which tf.js's own optimiser does not expose synchronously. Variables that get no gradient in a step
 * (layers the sampled SubTransformer skips) are left untouched, as PyTorch does for parameters without .grad.
 */
export class Adam {
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  step = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    readonly beta1 = 0.9,
    readonly beta2 = 0.98,
    readonly epsilon = 1e-8,
  ) {
    for (const variable of variables) {
      this.moments.set(variable.name, {
        m: tf.variable(tf.zerosLike(variable), false, `${variable.name}/adam_m`),
        v: tf.variable(tf.zerosLike(variable), false, `${variable.name}/adam_v`),
      });
    }
  }

  /**
   * One update; `grads` maps variable names to gradients (missing ones are skipped). `rateScale` multiplies the
   * learning rate of the variables it names (by tf.js name), 1 for the others.
   */
  apply(grads: tf.NamedTensorMap, learningRate: number, rateScale?: ReadonlyMap<string, number>): void {
    this.step++;
    const correction1 = 1 - this.beta1 ** this.step;
    const correction2 = 1 - this.beta2 ** this.step;
    const stepSize = (learningRate * Math.sqrt(correction2)) / correction1;
    tf.tidy(() => {
      for (const variable of this.variables) {
        const grad = grads[variable.name];
        if (!grad) continue;
        const { m, v } = this.moments.get(variable.name)!;
        const nextM = tf.add(tf.mul(m, this.beta1), tf.mul(grad, 1 - this.beta1));
        const nextV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2));
        m.assign(nextM);
        v.assign(nextV);
        const scaledStep = stepSize * (rateScale?.get(variable.name) ?? 1);
        variable.assign(tf.sub(variable, tf.mul(tf.div(nextM, tf.add(tf.sqrt(nextV), this.epsilon)), scaledStep)));
      }
    });
  }

  /** The moments by variable name, for checkpoints. */
  stateTensors(): Map<string, { m: tf.Variable; v: tf.Variable }> {
    return this.moments;
  }

  restore(step: number, values: ReadonlyMap<string, { m: tf.Tensor; v: tf.Tensor }>): void {
    this.step = step;
    for (const [name, { m, v }] of this.moments) {
      const saved = values.get(name);
      if (!saved) throw new Error(`optimiser state has no moments for ${name}`);
      m.assign(saved.m);
      v.assign(saved.v);
    }
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
  }
}
