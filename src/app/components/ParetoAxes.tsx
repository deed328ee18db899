import { createContext, memo, useContext } from 'react';
import { CartesianGrid, XAxis, YAxis } from 'recharts';
import { DOMAIN_STEPS, fromUnit } from '../chart-domain';
import type { ChartColors } from '../theme';

/** The data ranges the chart shows: latency in ms (x) and validation loss (y), each DOMAIN_STEPS round steps wide. */
export interface ChartDomains {
  x: readonly [number, number];
  y: readonly [number, number];
}

/**
 * The domains reach the tick labels through context, not props: a new domain then re-renders a dozen labels and
 * the points, while recharts' axes (fixed 0-1 scale) and its store never hear of it.
 */
export const ChartDomainsContext = createContext<ChartDomains>({ x: [0, 1], y: [0, 1] });

/** recharts needs data to build axis scales; the corners of the fixed 0-1 plane are all it gets. */
export const UNIT_CORNERS = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];
const UNIT_DOMAIN: [number, number] = [0, 1];
const UNIT_TICKS = Array.from({ length: DOMAIN_STEPS + 1 }, (_, i) => i / DOMAIN_STEPS);

/** The x axis in seconds once it reaches 2 s. */
export const latencyInSeconds = (x: ChartDomains['x']): boolean => x[1] >= 2000;

/** Decimals that tell ticks `step` apart (0.02 → 2, 0.5 → 1, 200 → 0). */
const decimalsFor = (step: number): number => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));

/** What recharts passes a custom tick element (cloned with these props). */
interface TickProps {
  x?: number;
  y?: number;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  payload?: { value: number };
  axis: 'x' | 'y';
  /** Not `fill`: recharts' own tick props would override that when it clones the element. */
  color: string;
}

/**
 * A tick label: the 0-1 position recharts gives, read in the current domain. Plain SVG text, because recharts' Text
 * measures every word in the DOM (getBoundingClientRect) to wrap it; `dy` places it as recharts would.
 */
function DomainTick({ x, y, textAnchor, payload, axis, color }: TickProps) {
  const domains = useContext(ChartDomainsContext);
  if (x === undefined || y === undefined || !payload) return null;
  const domain = domains[axis];
  const seconds = axis === 'x' && latencyInSeconds(domains.x);
  const scale = seconds ? 1000 : 1;
  const value = fromUnit(payload.value, domain) / scale;
  const text = value.toFixed(decimalsFor((domain[1] - domain[0]) / DOMAIN_STEPS / scale));
  return (
    <text
      x={x}
      y={y}
      dy={axis === 'x' ? '0.71em' : '0.355em'}
      textAnchor={textAnchor}
      fill={color}
      fontSize={12}
      className="recharts-cartesian-axis-tick-value"
      data-axis={axis}
    >
      {text}
    </text>
  );
}

/**
 * Grid and axes on the fixed 0-1 plane, memoised on the colours alone: recharts draws them once (and on a resize
 * or theme change), never for a report. The x axis title, whose unit follows the data, is drawn with the points.
 */
export const ParetoFrame = memo(function ParetoFrame({ colors }: { colors: ChartColors }) {
  const unitAxis = (axis: 'x' | 'y') =>
    ({
      type: 'number',
      dataKey: axis,
      domain: UNIT_DOMAIN,
      ticks: UNIT_TICKS,
      interval: 0,
      stroke: colors.muted,
      tick: <DomainTick axis={axis} color={colors.muted} />,
      allowDataOverflow: true,
    }) as const;
  return (
    <>
      <CartesianGrid stroke={colors.grid} />
      <XAxis {...unitAxis('x')} />
      <YAxis
        {...unitAxis('y')}
        width={64}
        label={{ value: 'validation loss (nats)', angle: -90, position: 'insideLeft', fill: colors.text, fontSize: 13 }}
      />
    </>
  );
});
