import { useId } from 'react';
import { parseHatDatasetName } from '../../core/latency/device';
import { HAT_BUILTIN_DATASETS, profileIdForSha256 } from '../../core/latency/hat-datasets';
import { useProfilesStore } from '../profiles-store';
import { settingsForProfile } from '../search-budgets';
import { useSearchStore } from '../search-store';

/** Adds (or restores) a built-in profile and makes it the search's, unless a search is running. */
async function searchWith(fileName: string): Promise<void> {
  const id = await useProfilesStore.getState().addHatProfile(fileName);
  const profile = useProfilesStore.getState().profiles.find((p) => p.id === id);
  const search = useSearchStore.getState();
  if (!profile?.predictor || !['idle', 'done', 'cancelled', 'error'].includes(search.run.status)) return;
  search.setSettings(settingsForProfile(profile.id, profile.predictor, search.settings));
}

type PickerState = 'available' | 'loading' | 'listed' | 'hidden' | 'error';

function stateText(state: PickerState, searched: boolean, hardware: string): string {
  if (state === 'loading') return 'loading…';
  if (state === 'hidden') return 'hidden: restore';
  if (state === 'error') return 'failed: retry';
  if (state === 'listed') return searched ? 'searching with it' : 'added: search with it';
  return hardware;
}

/**
 * HAT's measured devices, one button each: a click adds the device's shipped dataset and predictor as a profile
 * (or brings back a hidden one) and makes it the search's, so the search is ready with no file to find.
 */
export function HatProfilePicker({ compact = false }: { compact?: boolean }) {
  const profiles = useProfilesStore((s) => s.profiles);
  const hidden = useProfilesStore((s) => s.hiddenProfiles);
  const loads = useProfilesStore((s) => s.hatLoads);
  const searchProfileId = useSearchStore((s) => s.settings.profileId);
  const titleId = useId();
  return (
    <section className={`hat-picker${compact ? ' hat-picker--compact' : ''}`} aria-labelledby={titleId}>
      <h3 id={titleId}>HAT’s measured devices</h3>
      {!compact && (
        <p className="hint">
          2,000 SubTransformers timed on each device by HAT’s authors, with a latency predictor trained on each: one
          click and the search is ready. Hidden ones come back from here.
        </p>
      )}
      <ul className="hat-picker__list">
        {HAT_BUILTIN_DATASETS.map(({ fileName, sha256 }) => {
          const id = profileIdForSha256(sha256);
          const name = parseHatDatasetName(fileName)!;
          const load = loads[fileName];
          const listed = profiles.some((p) => p.id === id);
          const state: PickerState =
            load?.status ?? (listed ? 'listed' : hidden.some((p) => p.id === id) ? 'hidden' : 'available');
          return (
            <li key={fileName}>
              <button
                type="button"
                className="hat-picker__button"
                data-testid="hat-profile"
                data-file={fileName}
                data-state={state}
                data-search={listed && searchProfileId === id}
                aria-busy={state === 'loading'}
                title={`${name.hardware}, ${name.taskLabel} (${fileName})`}
                onClick={() => void searchWith(fileName)}
              >
                <span className="hat-picker__name">
                  <span className="hat-picker__device">{name.device}</span> ·{' '}
                  <span className="hat-picker__task">{name.taskLabel}</span>
                </span>
                {(state !== 'available' || !compact) && (
                  <span className="hat-picker__state">{stateText(state, searchProfileId === id, name.hardware)}</span>
                )}
              </button>
              {load?.status === 'error' && (
                <p className="notice notice--bad" role="alert">
                  {name.device} · {name.taskLabel} could not be loaded: {load.message}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
