import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { selectTab, TABS, useTab, type TabId } from '../tabs';

const tabId = (id: TabId): string => `tab-${id}`;
const panelId = (id: TabId): string => `panel-${id}`;

/** The views as ARIA tabs: arrows, Home and End move between them (and open them), as a tab list should. */
export function TabList({ badges }: { badges: Partial<Record<TabId, string>> }) {
  const current = useTab();
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const last = TABS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (index + last) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    event.preventDefault();
    selectTab(TABS[next]!.id);
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Views" ref={listRef}>
      {TABS.map((tab, i) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          className="tabs__tab"
          aria-selected={tab.id === current}
          aria-controls={panelId(tab.id)}
          tabIndex={tab.id === current ? 0 : -1}
          data-testid={`tab-${tab.id}`}
          onClick={() => selectTab(tab.id)}
          onKeyDown={(event) => onKeyDown(event, i)}
        >
          {tab.label}
          {badges[tab.id] && <span className="badge badge--count">{badges[tab.id]}</span>}
        </button>
      ))}
    </div>
  );
}

/**
 * One view. Every panel stays mounted while hidden: the stores' loaders (saved profiles, measurement runs) and work
 * in flight belong to the app, not to whichever tab is open.
 */
export function TabPanel({ id, className, children }: { id: TabId; className?: string; children: ReactNode }) {
  const current = useTab();
  return (
    <div
      role="tabpanel"
      id={panelId(id)}
      aria-labelledby={tabId(id)}
      className={className}
      hidden={current !== id}
      data-testid={panelId(id)}
    >
      {children}
    </div>
  );
}
