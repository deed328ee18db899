import type { HatBackendChoice } from './accuracy-model-store';
import { formatBytes } from './format';

/** What a load needs against what the backend can hold: shown before the load starts. */
export interface MemoryAdvice {
  /** 'refuse': the load is not started; 'warn': it may be slow or tight; 'ok'. */
  level: 'ok' | 'warn' | 'refuse';
  text: string;
}

const MB = 1024 * 1024;
/** Peak while the weights are read and uploaded, over the float32 weights (the hat-checkpoint bench: 1.07-1.15). */
export const LOAD_PEAK_FACTOR = 1.15;
/**
 * What tf.js's WASM heap can address here: validation of a full-size checkpoint crashed past 2 GB before layers ran
 * in tidies of their own, so weights plus a batch's activations must stay under it.
 */
export const WASM_HEAP_BYTES = 2 * 1024 * MB;
/** Weights above this run on WASM, but a HAT-sized search there takes hours to days. */
export const WASM_SLOW_BYTES = 256 * MB;

/**
 * Advice for loading weights of `memoryBytes` (float32) on `backend`. `deviceMemoryGb` is the browser's rough
 * figure (navigator.deviceMemory, capped at 8), when it gives one.
 */
export function memoryAdvice(memoryBytes: number, backend: HatBackendChoice, deviceMemoryGb?: number): MemoryAdvice {
  const need = `needs about ${formatBytes(memoryBytes)} for its float32 weights (${formatBytes(memoryBytes * LOAD_PEAK_FACTOR)} at the peak of loading)`;
  const peak = memoryBytes * LOAD_PEAK_FACTOR;
  const wasmTooSmall = peak > WASM_HEAP_BYTES * 0.75;
  if (backend === 'wasm' && wasmTooSmall) {
    return {
      level: 'refuse',
      text: `This model ${need}: more than WASM's 2 GB heap can hold with room for a batch. Choose WebGPU.`,
    };
  }
  const device = deviceMemoryGb !== undefined && peak > deviceMemoryGb * 1024 * MB * 0.5;
  const deviceNote = device ? ` This device reports about ${deviceMemoryGb} GB of memory: the tab may run out.` : '';
  if (backend !== 'webgpu' && memoryBytes > WASM_SLOW_BYTES) {
    return {
      level: 'warn',
      text:
        `This model ${need}. ${backend === 'auto' ? 'Without a WebGPU device it runs on WASM, which' : 'WASM'} ` +
        `holds it, but one validation takes tens of seconds there; WebGPU is the backend for full-size models.` +
        (wasmTooSmall ? ' It is too large for WASM: auto must find a WebGPU device.' : '') +
        deviceNote,
    };
  }
  return { level: device ? 'warn' : 'ok', text: `This model ${need}.${deviceNote}` };
}
