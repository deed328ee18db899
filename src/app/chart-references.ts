import { create } from 'zustand';
import { configKey, validateConfig, type SubTransformerConfig } from '../core/config';
import { parseConfigText } from '../core/config-io';
import type { SearchSpace } from '../core/space';
import { loadedValidationWorker, newValidationJobId } from './chart-validation';
import { problemsOnOneLine, readAndParse } from './read-file';

/** A config the user imported to compare against (HAT's published YAMLs, for example). */
export interface ReferenceConfig {
  key: string;
  /** The file name it came from, shown as its label. */
  name: string;
  config: SubTransformerConfig;
  /** Validation loss on the search's accuracy model; null until computed (or when it failed). */
  validLoss: number | null;
  /** HAT's own valid_loss, when an imported HAT model scored it. */
  hatLoss?: number;
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
  /** Adds the configs of `files` that lie in `space` (the search's), and scores them. */
  importFiles(files: readonly File[], space: SearchSpace): Promise<void>;
  /** Scores every reference again: the accuracy model changed. */
  rescore(): Promise<void>;
  remove(key: string): void;
}

export const useReferencesStore = create<ReferencesState>((set, get) => {
  const update = (key: string, patch: Partial<ReferenceConfig>): void =>
    set((state) => ({ references: state.references.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));

  /** Validates `references` on the search's accuracy model, in one batch. */
  const score = async (references: readonly ReferenceConfig[]): Promise<void> => {
    if (references.length === 0) return;
    try {
      const worker = await loadedValidationWorker();
      const results = await worker.validateBatch(
        newValidationJobId(),
        references.map((r) => r.config),
      );
      references.forEach((r, i) =>
        update(r.key, { validLoss: results[i]!.validLoss, hatLoss: results[i]!.hatLoss, status: 'ok' }),
      );
    } catch (error) {
      const message = `validation failed: ${(error as Error).message}`;
      for (const r of references) update(r.key, { status: 'error', error: message });
    }
  };

  return {
    references: [],
    notices: [],

    async importFiles(files, space) {
      const spaceName = space.name;
      const notices: ReferenceNotice[] = [];
      const added: ReferenceConfig[] = [];
      for (const file of files) {
        const parsed = await readAndParse(file, parseConfigText, 'HAT SubTransformer config');
        if (!parsed.ok) {
          notices.push({ fileName: file.name, ok: false, message: parsed.message });
          continue;
        }
        const problems = validateConfig(parsed.value, space);
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
      await score(added);
    },

    async rescore() {
      const references = get().references;
      for (const r of references)
        update(r.key, { validLoss: null, hatLoss: undefined, status: 'validating', error: null });
      await score(references);
    },

    remove(key) {
      set((state) => ({ references: state.references.filter((r) => r.key !== key) }));
    },
  };
});
