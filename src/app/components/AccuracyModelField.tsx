import { useEffect, useId } from 'react';
import { BUILTIN_SPACE_NAMES, builtinSpace, choicesOutside } from '../../core/space';
import { hatSpaceName, useAccuracyModelStore, type AccuracyChoice } from '../accuracy-model-store';
import { useSearchStore } from '../search-store';
import { selectTab } from '../tabs';

/** Why a search cannot start on the chosen accuracy model, or null. */
export function useAccuracyModelProblem(): string | null {
  const choice = useAccuracyModelStore((s) => s.choice);
  const filesAtHand = useAccuracyModelStore((s) => s.filesAtHand);
  const fileName = useAccuracyModelStore((s) => s.record?.info.fileName);
  if (choice !== 'hat' || filesAtHand) return null;
  return `choose ${fileName}’s files again in the SuperTransformer tab (a reload forgets them)`;
}

/**
 * The search's accuracy model: the shipped demo or the imported HAT SuperTransformer (imported, and described, in
 * the SuperTransformer tab). Restores the saved choice once.
 */
export function AccuracyModelField({ disabled }: { disabled: boolean }) {
  const choice = useAccuracyModelStore((s) => s.choice);
  const record = useAccuracyModelStore((s) => s.record);
  const filesAtHand = useAccuracyModelStore((s) => s.filesAtHand);
  const { choose, restore } = useAccuracyModelStore.getState();
  const id = useId();
  useEffect(() => void restore(), [restore]);
  return (
    <div className="search-field">
      <label htmlFor={id}>Accuracy model</label>
      <select
        id={id}
        value={choice}
        disabled={disabled}
        onChange={(e) => choose(e.target.value as AccuracyChoice)}
        data-testid="search-accuracy-model"
      >
        <option value="shipped">shipped demo SuperTransformer</option>
        {record && <option value="hat">HAT: {record.info.fileName}</option>}
      </select>
      <span className="search-field__hint">
        {choice === 'hat' && !filesAtHand ? 'Its files are needed again after a reload: ' : ''}
        <button type="button" className="link-button" onClick={() => selectTab('model')}>
          {record ? (choice === 'hat' && !filesAtHand ? 'choose them' : 'details') : 'import HAT’s own…'}
        </button>
      </span>
    </div>
  );
}

/**
 * The search space: the built-in ones for the shipped model; for an imported checkpoint, its own space (its
 * `*-choice` args) and any built-in space inside it, so no config the checkpoint cannot score is offered.
 */
export function SearchSpaceField({ disabled }: { disabled: boolean }) {
  const space = useSearchStore((s) => s.settings.space);
  const hatModel = useSearchStore((s) => s.settings.accuracyModel);
  const setSettings = useSearchStore((s) => s.setSettings);
  const record = useAccuracyModelStore((s) => s.record);
  const id = useId();
  const own = hatModel && record ? record.info.space : null;
  const ownName = own ? hatSpaceName(record!.info.fileName) : null;
  const builtins = BUILTIN_SPACE_NAMES.filter((name) => !own || choicesOutside(builtinSpace(name)!, own).length === 0);
  const choose = (name: string): void =>
    setSettings(
      name === ownName && own
        ? { space: name, spaceDefinition: { ...own, name } }
        : { space: name, spaceDefinition: undefined },
    );
  return (
    <div className="search-field">
      <label htmlFor={id}>Search space</label>
      <select
        id={id}
        value={space}
        disabled={disabled}
        onChange={(e) => choose(e.target.value)}
        data-testid="search-space"
      >
        {ownName && <option value={ownName}>{ownName} (its own)</option>}
        {builtins.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
    </div>
  );
}
