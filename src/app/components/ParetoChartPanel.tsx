import { useRef } from 'react';
import '../theme-search.css';
import { UrlStateSync } from '../url-state-sync';
import { RunExport } from './Export';
import { Inspector } from './Inspector';
import { ParetoChart } from './ParetoChart';
import { ReferenceImport } from './ReferenceImport';

/** The Search section's results: live chart with its front list, exports, reference import and the inspector. */
export function ParetoChartPanel() {
  const chartRef = useRef<HTMLDivElement>(null);
  return (
    <div className="search-results" data-testid="search-results">
      <UrlStateSync />
      <ParetoChart chartRef={chartRef} />
      <RunExport chartRef={chartRef} />
      <ReferenceImport />
      <Inspector />
    </div>
  );
}
