import { useEffect } from 'react';
import { HAT_BUILTIN_DATASETS, profileIdForSha256 } from '../../core/latency/hat-datasets';
import { useProfilesStore } from '../profiles-store';
import { useSearchStore } from '../search-store';

/**
 * A shared link naming one of HAT's built-in profiles (?profile=…) opens with it, even in a browser that never
 * added it: once saved profiles are loaded, the built-in is added (or restored) from the app's own files.
 */
export function BuiltinFromLink() {
  const storage = useProfilesStore((s) => s.storage.status);
  useEffect(() => {
    if (storage === 'loading') return;
    const id = useSearchStore.getState().settings.profileId;
    const dataset = HAT_BUILTIN_DATASETS.find((d) => profileIdForSha256(d.sha256) === id);
    if (dataset && !useProfilesStore.getState().profiles.some((p) => p.id === id)) {
      void useProfilesStore.getState().addHatProfile(dataset.fileName);
    }
  }, [storage]);
  return null;
}
