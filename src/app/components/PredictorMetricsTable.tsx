import type { PredictorMetrics } from '../../core/latency/metrics';
import { formatLatencyMs } from '../format';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function PredictorMetricsTable({ ours, linear }: { ours: PredictorMetrics; linear: PredictorMetrics }) {
  const rows: [string, (m: PredictorMetrics) => string][] = [
    ['MAPE', (m) => pct(m.mape)],
    ['RMSE', (m) => formatLatencyMs(m.rmseMs)],
    ['within ±10 %', (m) => pct(m.within10)],
    ['Kendall τ', (m) => m.kendallTau.toFixed(3)],
  ];
  return (
    <table className="metrics" data-testid="predictor-metrics">
      <caption>Test split, {ours.rows} rows</caption>
      <thead>
        <tr>
          <th scope="col">metric</th>
          <th scope="col">predictor</th>
          <th scope="col">linear baseline</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, format]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td data-testid={`metric-${name}`}>{format(ours)}</td>
            <td>{format(linear)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
