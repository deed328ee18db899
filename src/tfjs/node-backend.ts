import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * tf.js in Node (CLI, tests, bench): the WASM backend, loaded from the package folder, single-threaded
 * (the threaded build needs worker files Node cannot start here). Falls back to 'cpu' if WASM does not start.
 */
export async function selectNodeTfBackend(preferred: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  if (tf.getBackend() === preferred) return preferred;
  if (preferred === 'wasm') {
    const require = createRequire(import.meta.url);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    try {
      setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    } catch {
      // It throws once the WASM backend has initialised (another bench started it): the paths it used stand.
    }
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return 'wasm';
    }
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('no tf.js backend could start');
  await tf.ready();
  return 'cpu';
}
