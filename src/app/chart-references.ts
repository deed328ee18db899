import { create } from 'zustand';
import { configKey, validateConfig, type SubTransformerConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import { builtinSpace } from '../core/space';
import { loadedValidationWorker, newValidationJobId } from './chart-validation';
import { problemsOnOneLine, readAndParse } from './read-file';

/** A config the user imported to compare against (HAT's published YAMLs, for example). */
export interface ReferenceConfig {
  key: string;
  /** The file name it came from, shown as its label. */
  name: string;
  config: SubTransformerConfig;
  /** Validation loss on the shipped SuperTransformer; null until computed (or when it failed). */
  validLoss: number | null;
  status: 'validating' | 'ok' | 'error';
  error: string | null;
}

export interface ReferenceNotice {
  fileName: string;
  ok: boolean;
  message: string;
}

interface ReferencesState {
  references: ReferenceConfig[];
  /** Outcome of the last import, one line per file. */
  notices: ReferenceNotice[];
  importFiles(files: readonly File[], spaceName: string): Promise<void>;
  remove(key: string): void;
}

export const useReferencesStore = create<ReferencesState>((set, get) => {
  const update = (key: string, patch: Partial<ReferenceConfig>): void =>
    set((state) => ({ references: state.references.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));

  return {
    references: [],
    notices: [],

    async importFiles(files, spaceName) {
      const space = builtinSpace(spaceName);
      const notices: ReferenceNotice[] = [];
      const added: ReferenceConfig[] = [];
      for (const file of files) {
        const parsed = await readAndParse(file, parseConfigText, 'HAT SubTransformer config');
        if (!parsed.ok) {
          notices.push({ fileName: file.name, ok: false, message: parsed.message });
          continue;
        }
        const problems = space ? validateConfig(parsed.value, space) : [];
        if (problems.length > 0) {
          notices.push({
            fileName: file.name,
            ok: false,
            message: `not in the ${spaceName} search space: ${problemsOnOneLine(problems)}`,
          });
          continue;
        }
        const key = configKey(parsed.value);
        const twin = [...get().references, ...added].find((r) => r.key === key);
        if (twin) {
          notices.push({ fileName: file.name, ok: false, message: `the same config as ${twin.name}, already shown` });
          continue;
        }
        added.push({
          key,
          name: file.name,
          config: parsed.value,
          validLoss: null,
          status: 'validating',
          error: null,
        });
        notices.push({ fileName: file.name, ok: true, message: 'added; computing its validation loss…' });
      }
      // Bad files only add notices: existing references stay exactly as they were.
      set((state) => ({ references: [...state.references, ...added], notices }));
      if (added.length === 0) return;
      try {
        const worker = await loadedValidationWorker();
        const results = await worker.validateBatch(
          newValidationJobId(),
          added.map((r) => r.config),
        );
        added.forEach((r, i) => update(r.key, { validLoss: results[i]!.validLoss, status: 'ok' }));
      } catch (error) {
        const message = `validation failed: ${(error as Error).message}`;
        for (const r of added) update(r.key, { status: 'error', error: message });
      }
    },

    remove(key) {
      set((state) => ({ references: state.references.filter((r) => r.key !== key) }));
    },
  };
});
