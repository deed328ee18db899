import { memo, useMemo, type PointerEvent, type MouseEvent } from 'react';
import { DefaultZIndexes, useChartHeight, usePlotArea, useXAxisScale, useYAxisScale, ZIndexLayer } from 'recharts';
import { toUnit } from '../chart-domain';
import type { ChartPoint } from '../chart-points';
import { formatLatencyMs } from '../format';
import type { ChartColors } from '../theme';
import { latencyInSeconds, type ChartDomains } from './ParetoAxes';

/** A point as drawn: the search point plus its colour, and a label for an imported reference config. */
export interface PlotPoint extends ChartPoint {
  color: string;
  label?: string;
}

/** The point under the pointer and where it is drawn (SVG px), for the tooltip. */
export interface HoveredPoint {
  point: PlotPoint;
  y: number;
  /** The point is in the lower half: the tooltip opens above it. */
  flipY: boolean;
  /** Its 90 % interval's ends (and the rule's upper bound) on the latency axis, px, when the predictor has one. */
  interval?: { lowX: number; highX: number; upperX?: number };
}

interface PointsProps {
  domains: ChartDomains;
  budgetsMs: number[];
  /** What the budget is checked against: "predicted latency" or "95 % upper bound" (the run's rule). */
  budgetRule: string;
  faint: PlotPoint[];
  front: PlotPoint[];
  references: PlotPoint[];
  selected: PlotPoint | null;
  colors: ChartColors;
  onSelect(key: string): void;
  onHover(hovered: HoveredPoint | null): void;
}

const DIAMOND_PX = 7;

/** The key of the point element an event happened on, if any. */
function pointKeyOf(target: EventTarget): string | null {
  const element = (target as Element).closest?.('[data-point-key],[data-reference-key]');
  return element?.getAttribute('data-point-key') ?? element?.getAttribute('data-reference-key') ?? null;
}

/**
 * Every point of the chart as one plain SVG layer over recharts' axes. recharts' own Scatter keys each symbol by
 * its pixel position, so any change of scale re-created every point (a click spanning an update was lost) and each
 * report went through recharts' store and re-rendered the whole chart. Here points are keyed by config, the axes
 * are untouched while their domain holds, and one handler on the layer serves clicks and hovers.
 */
export const ParetoPoints = memo(function ParetoPoints({
  domains,
  budgetsMs,
  budgetRule,
  faint,
  front,
  references,
  selected,
  colors,
  onSelect,
  onHover,
}: PointsProps) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const height = useChartHeight() ?? 0;
  const plot = usePlotArea();
  const byKey = useMemo(() => {
    const map = new Map<string, PlotPoint>();
    for (const p of [...faint, ...front, ...references]) map.set(p.key, p);
    return map;
  }, [faint, front, references]);
  if (!xScale || !yScale || !plot) return null;
  const xPx = (ms: number): number => xScale(toUnit(ms, domains.x)) ?? 0;
  const px = (p: ChartPoint): [number, number] => [xPx(p.latencyMs), yScale(toUnit(p.validLoss, domains.y)) ?? 0];

  const onClick = (event: MouseEvent<SVGGElement>): void => {
    const key = pointKeyOf(event.target);
    if (key) onSelect(key);
  };
  const onPointerOver = (event: PointerEvent<SVGGElement>): void => {
    const key = pointKeyOf(event.target);
    const point = key ? byKey.get(key) : undefined;
    if (!point) return;
    const y = px(point)[1];
    const { latencyLowMs: low, latencyHighMs: high, latencyUpperMs: upper } = point;
    const interval =
      low === undefined || high === undefined
        ? undefined
        : { lowX: xPx(low), highX: xPx(high), ...(upper === undefined ? {} : { upperX: xPx(upper) }) };
    onHover({ point, y, flipY: y > height / 2, ...(interval ? { interval } : {}) });
  };
  const onPointerOut = (event: PointerEvent<SVGGElement>): void => {
    if (pointKeyOf(event.target)) onHover(null);
  };

  const circle = (p: PlotPoint, radius: number, opacity: number, stroke?: string) => {
    const [cx, cy] = px(p);
    return (
      <circle
        key={p.key}
        cx={cx}
        cy={cy}
        r={radius}
        fill={p.color}
        fillOpacity={opacity}
        stroke={stroke ?? 'none'}
        strokeWidth={stroke ? 1.5 : 0}
        data-point-key={p.key}
        className="pareto-point"
      />
    );
  };
  // HAT's front as a step line: flat to the next faster-is-worse point, then down to its loss (recharts' stepAfter).
  const frontPath = front
    .map((p, i) => {
      const [x, y] = px(p);
      return i === 0 ? `M${x},${y}` : `H${x}V${y}`;
    })
    .join('');
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.scatter}>
      <text
        x={plot.x + plot.width / 2}
        y={plot.y + plot.height + 46}
        textAnchor="middle"
        fill={colors.text}
        fontSize={13}
      >
        predicted latency ({latencyInSeconds(domains.x) ? 's' : 'ms'})
      </text>
      {budgetsMs.map((budget) => {
        const x = xPx(budget);
        if (x < plot.x || x > plot.x + plot.width) return null;
        return (
          <g key={budget} className="pareto-budget" pointerEvents="none">
            <line x1={x} x2={x} y1={plot.y} y2={plot.y + plot.height} stroke={colors.budget} strokeDasharray="6 4" />
            {/* Two short lines rather than one long one, so the label fits left of a budget near the axis. */}
            <text
              x={x - 5}
              y={plot.y + 5}
              dy="0.71em"
              textAnchor="end"
              fill={colors.budget}
              data-testid="pareto-budget-label"
            >
              <tspan>budget {formatLatencyMs(budget)}</tspan>
              <tspan x={x - 5} dy="1.2em" fontSize="0.85em">
                {`on the ${budgetRule}`}
              </tspan>
            </text>
          </g>
        );
      })}
      <g className="pareto-points" onClick={onClick} onPointerOver={onPointerOver} onPointerOut={onPointerOut}>
        <g className="pareto-points__evaluated">{faint.map((p) => circle(p, 3.2, 0.55))}</g>
        {front.length > 1 && (
          <path d={frontPath} fill="none" stroke={colors.front} strokeWidth={2} pointerEvents="none" />
        )}
        <g className="pareto-points__front">{front.map((p) => circle(p, 4.5, 1, colors.surface))}</g>
        <g className="pareto-points__references">
          {references.map((p) => {
            const [x, y] = px(p);
            const s = DIAMOND_PX;
            return (
              <path
                key={p.key}
                d={`M${x},${y - s}L${x + s},${y}L${x},${y + s}L${x - s},${y}Z`}
                fill={colors.reference}
                stroke={colors.surface}
                data-reference-key={p.key}
                className="pareto-point"
              />
            );
          })}
        </g>
        {selected && (
          // A ring around the selection; it lets clicks through to the point under it.
          <circle
            cx={px(selected)[0]}
            cy={px(selected)[1]}
            r={7}
            fill={colors.selected}
            fillOpacity={0.35}
            stroke={colors.selected}
            strokeWidth={1.5}
            pointerEvents="none"
            data-selected-key={selected.key}
          />
        )}
      </g>
    </ZIndexLayer>
  );
});
