import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);

export type NodeBackend = 'wasm' | 'cpu';

/** tf.js in Node: the WASM backend loads its binaries from the package folder (single thread), or plain JS. */
export async function selectNodeBackend(name: NodeBackend): Promise<void> {
  if (name === 'wasm') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.js backend ${name} did not initialise`);
  await tf.ready();
}
