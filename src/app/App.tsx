import { BackendStrip } from './components/BackendStrip';
import { BuiltinFromLink } from './components/BuiltinFromLink';
import { DatasetList } from './components/DatasetList';
import { DropZone } from './components/DropZone';
import { HatProfilePicker } from './components/HatProfilePicker';
import { Inspector } from './components/Inspector';
import { MeasureDevice } from './components/MeasureDevice';
import { PageDrop } from './components/PageDrop';
import { ParetoChartPanel } from './components/ParetoChartPanel';
import { ProfileComparison } from './components/ProfileComparison';
import { ProfileList } from './components/ProfileList';
import { SearchControls } from './components/SearchControls';
import { SuperTransformerPanel } from './components/SuperTransformerPanel';
import { ThreadsControl } from './components/ThreadsControl';
import { TabList, TabPanel } from './components/Tabs';
import { useProfilesStore } from './profiles-store';
import './layout.css';

/** HAT's devices above the search form: open until a profile can be searched with, then one click away. */
function SearchStart() {
  const ready = useProfilesStore((s) => s.profiles.some((p) => p.predictor));
  if (!ready) return <HatProfilePicker compact />;
  return (
    <details className="hat-picker-more">
      <summary>HAT’s measured devices</summary>
      <HatProfilePicker compact />
    </details>
  );
}

/**
 * The search workspace is the first view: its controls on the left, the live Pareto front in the middle and the
 * inspector in a column of its own, so opening it never moves the chart. Profiles, device measurement and the
 * SuperTransformer are tabs beside it.
 */
export function App() {
  const profileCount = useProfilesStore((s) => s.profiles.length);
  return (
    <div className="app">
      <PageDrop />
      <BuiltinFromLink />
      <header className="app__header">
        <div className="app__title">
          <h1>HAT Explorer</h1>
          <p className="tagline">Find fast Transformers for this device, the Hardware-Aware Transformers way.</p>
        </div>
        <BackendStrip />
        <ThreadsControl />
      </header>
      <TabList badges={profileCount > 0 ? { profiles: String(profileCount) } : {}} />
      <TabPanel id="search" className="workspace">
        <aside className="panel workspace__controls" aria-labelledby="search-title" data-testid="search-section">
          <h2 id="search-title">Search</h2>
          <SearchStart />
          <SearchControls />
        </aside>
        <section className="panel workspace__chart" aria-label="Accuracy against latency" data-testid="chart-panel">
          <ParetoChartPanel />
        </section>
        <aside className="workspace__inspector">
          <Inspector />
        </aside>
      </TabPanel>
      <TabPanel id="profiles" className="view">
        <section className="panel" aria-labelledby="profiles-title">
          <h2 id="profiles-title">Latency profiles</h2>
          <div className="profile-sources">
            <HatProfilePicker />
            <div>
              <DropZone />
              <DatasetList />
            </div>
          </div>
          <ProfileList />
          <ProfileComparison />
        </section>
      </TabPanel>
      <TabPanel id="measure" className="view view--narrow">
        <section className="panel">
          <MeasureDevice />
        </section>
      </TabPanel>
      <TabPanel id="model" className="view view--narrow">
        <SuperTransformerPanel />
      </TabPanel>
    </div>
  );
}
