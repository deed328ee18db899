import * as tf from '@tensorflow/tfjs';
import type { NamedArray } from './weight-file';
import type { SuperDims } from './dims';
import { namedVariables } from './params';
import { SuperTransformer } from './super-transformer';

/** Every shared tensor's values, in checkpoint order, under its HAT name. */
export function modelArrays(model: SuperTransformer): NamedArray[] {
  return namedVariables(model.params).map(([name, variable]) => ({
    name,
    shape: variable.shape,
    values: variable.dataSync() as Float32Array,
  }));
}

/** A SuperTransformer whose tensors are `arrays` (every name of paramShapes must be there). */
export function modelFromArrays(dims: SuperDims, arrays: ReadonlyMap<string, NamedArray>): SuperTransformer {
  const values = new Map<string, tf.Tensor>();
  for (const [name, array] of arrays) values.set(name, tf.tensor(array.values, array.shape, 'float32'));
  try {
    return new SuperTransformer(dims, 1, values);
  } finally {
    for (const tensor of values.values()) tensor.dispose();
  }
}
