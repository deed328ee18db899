import { useSyncExternalStore } from 'react';

/** The app's views: the search workspace first, then the panels that feed it. */
export const TABS = [
  { id: 'search', label: 'Search' },
  { id: 'profiles', label: 'Latency profiles' },
  { id: 'measure', label: 'Measure this device' },
  { id: 'model', label: 'SuperTransformer' },
] as const;

export type TabId = (typeof TABS)[number]['id'];

const isTab = (id: string): id is TabId => TABS.some((tab) => tab.id === id);

/** The tab the URL's hash names (#profiles, #measure, #model); the search without one. */
export function tabFromHash(hash: string): TabId {
  const id = hash.replace(/^#/, '');
  return isTab(id) ? id : 'search';
}

const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  addEventListener('hashchange', onChange);
  return () => {
    listeners.delete(onChange);
    removeEventListener('hashchange', onChange);
  };
}

/**
 * Opens a tab and keeps it in the URL's hash, so a link (or a reload) opens the same view. replaceState, as for the
 * search settings: switching views should not fill the back button's history.
 */
export function selectTab(id: TabId): void {
  const hash = id === 'search' ? '' : `#${id}`;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  for (const listener of listeners) listener();
}

export function useTab(): TabId {
  return useSyncExternalStore(
    subscribe,
    () => tabFromHash(location.hash),
    () => 'search',
  );
}
