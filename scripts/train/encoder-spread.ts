import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../../src/core/config';
import { EOS_ID } from '../../src/data/bpe';
import type { SuperTransformer } from '../../src/supertransformer/super-transformer';

/** The sentence the collapse diagnostics encode: short, and every token different. */
const PROBE_SENTENCE = 'der Hund bellt laut';

/** PROBE_SENTENCE as a [1, S] source batch, ending in </s>. */
export function probeSource(tokenizer: { encode(text: string): number[] }): tf.Tensor2D {
  const ids = [...tokenizer.encode(PROBE_SENTENCE), EOS_ID];
  return tf.tensor2d([ids], [1, ids.length], 'int32');
}

/**
 * Standard deviation across rows (positions) of [positions, dim], averaged over dims: 0 means every position
 * carries the same vector, so nothing downstream can tell the source's tokens apart.
 */
export function stdAcrossPositions(x: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.moments(x, 0).variance).sqrt().dataSync()[0]!);
}

export function rootMeanSquare(x: tf.Tensor): number {
  return tf.tidy(() => tf.sqrt(tf.mean(tf.square(x))).dataSync()[0]!);
}

/** The last encoder layer of `config` on the probe sentence, as its spread across positions. */
export function lastEncoderSpread(
  model: SuperTransformer,
  config: SubTransformerConfig,
  tokenizer: { encode(text: string): number[] },
): number {
  return tf.tidy(() => {
    const { layerOutputs } = model.encode(config, probeSource(tokenizer));
    return stdAcrossPositions(layerOutputs[layerOutputs.length - 1]!.squeeze([0]));
  });
}
