import { create } from 'zustand';
import type { DatasetError, DatasetSummary, LatencyRow } from '../core/dataset/types';
import type { BackendProbe } from '../protocol/backends';
import { useProfilesStore } from './profiles-store';
import { getDatasetWorker, probeAllBackends } from './workers';

export type DatasetImport =
  | { id: string; fileName: string; sizeBytes: number; status: 'parsing' }
  | { id: string; fileName: string; sizeBytes: number; status: 'ok'; summary: DatasetSummary; rows: LatencyRow[] }
  | { id: string; fileName: string; sizeBytes: number; status: 'error'; errors: DatasetError[] };

export type BackendsState =
  { status: 'probing' } | { status: 'done'; probes: BackendProbe[] } | { status: 'failed'; message: string };

interface AppState {
  backends: BackendsState;
  imports: DatasetImport[];
  probeBackends(): Promise<void>;
  importFiles(files: readonly File[]): Promise<void>;
  removeImport(id: string): void;
}

let nextImportId = 1;

export const useAppStore = create<AppState>((set) => {
  /** Replaces one import in place, so other imports are never touched by a later file's outcome. */
  const settle = (id: string, next: DatasetImport): void =>
    set((state) => ({ imports: state.imports.map((item) => (item.id === id ? next : item)) }));

  return {
    backends: { status: 'probing' },
    imports: [],

    async probeBackends() {
      set({ backends: { status: 'probing' } });
      try {
        set({ backends: { status: 'done', probes: await probeAllBackends() } });
      } catch (error) {
        set({ backends: { status: 'failed', message: (error as Error).message } });
      }
    },

    async importFiles(files) {
      const started = files.map((file) => ({
        id: `import-${nextImportId++}`,
        fileName: file.name,
        sizeBytes: file.size,
        status: 'parsing' as const,
      }));
      set((state) => ({ imports: [...state.imports, ...started] }));
      await Promise.all(
        files.map(async (file, i) => {
          const base = started[i]!;
          try {
            const result = await getDatasetWorker().parseLatencyFile(file);
            settle(
              base.id,
              result.ok
                ? { ...base, status: 'ok', summary: result.summary, rows: result.rows }
                : { ...base, status: 'error', errors: result.errors },
            );
            // Every good dataset becomes a (persisted) latency profile; bad files never reach the profiles.
            if (result.ok) {
              void useProfilesStore
                .getState()
                .addProfile(file.name, result.rows, result.summary)
                .catch(() => undefined);
            }
          } catch (error) {
            settle(base.id, {
              ...base,
              status: 'error',
              errors: [{ line: 1, message: `could not parse: ${(error as Error).message}` }],
            });
          }
        }),
      );
    },

    removeImport(id) {
      set((state) => ({ imports: state.imports.filter((item) => item.id !== id) }));
    },
  };
});
