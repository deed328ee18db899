import { BackendStrip } from './components/BackendStrip';
import { DatasetList } from './components/DatasetList';
import { DropZone } from './components/DropZone';
import { MeasureDevice } from './components/MeasureDevice';
import { ParetoChartPanel } from './components/ParetoChartPanel';
import { ProfileComparison } from './components/ProfileComparison';
import { ProfileList } from './components/ProfileList';
import { SearchControls } from './components/SearchControls';
import { SuperTransformerPanel } from './components/SuperTransformerPanel';
import { ThreadsControl } from './components/ThreadsControl';

export function App() {
  return (
    <div className="app">
      <header className="app__header">
        <div>
          <h1>HAT Explorer</h1>
          <p className="tagline">Find fast Transformers for this device, the Hardware-Aware Transformers way.</p>
        </div>
        <BackendStrip />
        <ThreadsControl />
      </header>
      <main className="app__panels">
        <section className="panel" aria-labelledby="profiles-title">
          <h2 id="profiles-title">Latency profiles</h2>
          <DropZone />
          <DatasetList />
          <ProfileList />
          <MeasureDevice />
          <ProfileComparison />
        </section>
        <section className="panel" aria-labelledby="search-title" data-testid="search-section">
          <h2 id="search-title">Search</h2>
          <SearchControls />
          <ParetoChartPanel />
        </section>
        <SuperTransformerPanel />
      </main>
    </div>
  );
}
