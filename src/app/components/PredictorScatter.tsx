import {
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTooltipMs } from '../format';

/**
 * The band's lines are not animated: recharts animates a Line with a requestAnimationFrame loop that repaints the
 * chart every frame, and the e2e found those loops still running ~0.75 s into a search started after training,
 * their frames being long tasks (2 of 2-3 under a 2x CPU throttle).
 */
const BAND_LINE = { stroke: 'var(--muted)', dot: false, isAnimationActive: false } as const;

/**
 * Predicted vs measured latency on the test split, with the y = x line, the ±10 % band and, for a predictor with a
 * calibrated interval, each row's 90 % interval as a vertical bar.
 */
export function PredictorScatter({
  measuredMs,
  predictedMs,
  lowMs,
  highMs,
}: {
  measuredMs: number[];
  predictedMs: number[];
  lowMs?: number[];
  highMs?: number[];
}) {
  const points = measuredMs.map((m, i) => ({
    measured: m,
    predicted: predictedMs[i]!,
    ...(lowMs && highMs ? { interval: [predictedMs[i]! - lowMs[i]!, highMs[i]! - predictedMs[i]!] } : {}),
  }));
  const inside = lowMs && highMs ? measuredMs.filter((m, i) => m >= lowMs[i]! && m <= highMs[i]!).length : null;
  const all = [...measuredMs, ...predictedMs, ...(lowMs ?? []), ...(highMs ?? [])];
  const lo = Math.min(...all) * 0.95;
  const hi = Math.max(...all) * 1.05;
  const band = [lo, hi].map((x) => ({ measured: x, exact: x, upper: x * 1.1, lower: x * 0.9 }));
  const tick = (v: number): string => (hi >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)}`);
  return (
    <figure className="scatter" data-testid="predictor-scatter">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="var(--border)" />
          <XAxis
            type="number"
            dataKey="measured"
            domain={[lo, hi]}
            tickFormatter={tick}
            label={{ value: 'measured', position: 'insideBottom', offset: -12 }}
          />
          <YAxis type="number" domain={[lo, hi]} tickFormatter={tick} width={56} />
          {/* The hovered row alone, both latencies in ms. No header: it showed the axis position under the cursor,
              which the band's lines make differ from the row's own measured latency. */}
          <Tooltip
            shared={false}
            formatter={(value, name) => [formatTooltipMs(value), name === 'test rows' ? 'predicted' : name]}
            labelStyle={{ display: 'none' }}
          />
          <Legend verticalAlign="top" height={24} />
          <Line data={band} dataKey="upper" name="+10 %" {...BAND_LINE} strokeDasharray="4 4" />
          <Line data={band} dataKey="exact" name="exact" {...BAND_LINE} stroke="var(--accent)" legendType="none" />
          <Line data={band} dataKey="lower" name="−10 %" {...BAND_LINE} strokeDasharray="4 4" />
          <Scatter
            data={points}
            dataKey="predicted"
            name="test rows"
            fill="var(--accent)"
            fillOpacity={0.6}
            isAnimationActive={false}
          >
            {inside !== null && (
              <ErrorBar
                dataKey="interval"
                direction="y"
                width={0}
                stroke="var(--accent)"
                strokeOpacity={0.3}
                isAnimationActive={false}
              />
            )}
          </Scatter>
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption>
        Predicted (y) vs measured (x) total latency{hi >= 1000 ? '' : ', ms'}, {points.length} test rows; dashed: ±10 %.
        {inside !== null ? (
          <span data-testid="scatter-interval">
            {' '}
            Bars: 90 % intervals; {inside} of {points.length} measured latencies fall inside.
          </span>
        ) : (
          ' This predictor has no calibrated interval (version-1 file): retrain it for one.'
        )}
      </figcaption>
    </figure>
  );
}
