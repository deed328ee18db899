import { useRef } from 'react';
import '../theme-search.css';
import { UrlStateSync } from '../url-state-sync';
import { ChartAxesNote } from './ChartAxesNote';
import { ChartEmptyHint } from './ChartEmptyHint';
import { RunExport } from './Export';
import { ParetoChart } from './ParetoChart';
import { ReferenceImport } from './ReferenceImport';

/** The search's results: what the axes are, the live chart with its front list, exports and reference import. */
export function ParetoChartPanel() {
  const chartRef = useRef<HTMLDivElement>(null);
  return (
    <div className="search-results" data-testid="search-results">
      <UrlStateSync />
      <ChartAxesNote />
      <div className="chart-stage">
        <ParetoChart chartRef={chartRef} />
        <ChartEmptyHint />
      </div>
      <RunExport chartRef={chartRef} />
      <ReferenceImport />
    </div>
  );
}
