/**
 * Thread counts for tf.js's WASM backend, without loading tf.js (the UI and the CLI's argument parsing use them).
 * tf.js pre-creates 8 pthread workers and caps its pool there.
 */
export const MAX_WASM_THREADS = 8;

/** What a WASM backend was asked for and what it runs on. */
export interface WasmThreading {
  requested: number;
  /** Threads tf.js's XNNPACK pool really has (from tf.js after initialisation). */
  threads: number;
  /** Set when fewer threads run than were asked for, saying why (no cross-origin isolation, for example). */
  notice: string | null;
}

interface IsolationScope {
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
}

/** Why this browser scope cannot run WASM threads, or null when it can. */
export function threadsUnavailableReason(scope: IsolationScope): string | null {
  if (typeof scope.SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is missing in this browser';
  if (scope.crossOriginIsolated === false) return 'the page is not cross-origin isolated (COOP/COEP headers missing)';
  return null;
}

/** The threads this machine offers: every logical core, up to tf.js's cap. */
export function availableThreads(hardwareConcurrency: number | undefined | null): number {
  const cores = Number.isInteger(hardwareConcurrency) && (hardwareConcurrency as number) > 0 ? hardwareConcurrency! : 1;
  return Math.min(cores, MAX_WASM_THREADS);
}
