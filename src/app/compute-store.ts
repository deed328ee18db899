import { create } from 'zustand';
import { threadsUnavailableReason } from '../tfjs/wasm-thread-count';

const STORAGE_KEY = 'hat-explorer-threads';

/** Logical cores this browser reports (navigator.hardwareConcurrency), at least 1. */
export function logicalCores(): number {
  const cores = globalThis.navigator?.hardwareConcurrency;
  return Number.isInteger(cores) && cores! > 0 ? cores! : 1;
}

/** The user's thread setting: `?threads=N` in the URL, else the saved choice, else every core; within 1..cores. */
function initialThreads(cores: number): number {
  const fromUrl = Number(new URLSearchParams(globalThis.location?.search ?? '').get('threads'));
  let saved = Number.NaN;
  try {
    saved = Number(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    // Storage can be off (private mode); every core it is.
  }
  const chosen =
    Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : Number.isInteger(saved) && saved > 0 ? saved : cores;
  return Math.min(cores, chosen);
}

interface ComputeState {
  cores: number;
  /** Threads the app's tf.js work may use together (validation workers and device measurement). */
  threads: number;
  /**
   * Why WASM cannot run several threads in one worker in this page, or null. Several single-threaded workers still
   * can: only a worker of more than one thread falls back (with this notice).
   */
  threadsUnavailable: string | null;
  /** Threads device measurement holds right now (0 when it is not running). */
  measuringThreads: number;
  setThreads(threads: number): void;
  setMeasuringThreads(threads: number): void;
}

export const useComputeStore = create<ComputeState>((set) => {
  const cores = logicalCores();
  const threadsUnavailable = threadsUnavailableReason(globalThis);
  return {
    cores,
    threads: initialThreads(cores),
    threadsUnavailable,
    measuringThreads: 0,
    setThreads(threads) {
      const clamped = Math.max(1, Math.min(cores, Math.floor(threads)));
      try {
        globalThis.localStorage?.setItem(STORAGE_KEY, String(clamped));
      } catch {
        // Not saved; it still applies to this visit.
      }
      set({ threads: clamped });
    },
    setMeasuringThreads: (threads) => set({ measuringThreads: Math.max(0, threads) }),
  };
});
