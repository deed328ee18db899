import { useEffect, useState } from 'react';
import { configKey } from '../core/config';
import { useSearchStore } from './search-store';
import { configFromKey, decodeUrlState, encodeUrlState } from './url-state';

/** Applies the URL's settings and selection once (the URL wins over defaults), then mirrors the store into it. */
function applyThenMirror(onProblems: (problems: string[]) => void): () => void {
  const decoded = decodeUrlState(location.search);
  const store = useSearchStore.getState();
  if (Object.keys(decoded.settings).length > 0) store.setSettings(decoded.settings);
  if (decoded.selected) store.select(configKey(decoded.selected));
  onProblems(decoded.problems);

  const write = (): void => {
    const { settings, selectedKey } = useSearchStore.getState();
    const query = encodeUrlState(settings, selectedKey ? configFromKey(selectedKey) : null);
    if (location.search.slice(1) === query) return;
    // replaceState, not pushState: tweaking a setting should not fill the back button's history.
    history.replaceState(history.state, '', `${location.pathname}?${query}${location.hash}`);
  };
  write();
  return useSearchStore.subscribe((state, previous) => {
    if (state.settings !== previous.settings || state.selectedKey !== previous.selectedKey) write();
  });
}

/** Keeps the search settings and the selected config in the query string, so a shared link opens the same view. */
export function UrlStateSync() {
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => applyThenMirror(setProblems), []);
  if (problems.length === 0) return null;
  return (
    <div className="notice notice--bad" role="alert" data-testid="url-problems">
      <p>Some of this link’s settings were ignored:</p>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <button type="button" className="button button--quiet" onClick={() => setProblems([])}>
        Dismiss
      </button>
    </div>
  );
}
