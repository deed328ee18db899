import {
  memo,
  startTransition,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SubTransformerConfig } from '../../core/config';
import { configFeatures } from '../../core/features';
import { predictLatencyMs, type LatencyPredictor } from '../../core/latency/predictor';
import { modelStats } from '../../core/model-stats';
import { builtinSpace } from '../../core/space';
import { capPoints, generationColor, type ChartPoint } from '../chart-points';
import { useReferencesStore } from '../chart-references';
import { formatLatencyMs } from '../format';
import { useProfilesStore } from '../profiles-store';
import { useSearchStore, type SearchRunView } from '../search-store';
import { useChartColors, type ChartColors } from '../theme';

/**
 * Most faint points drawn at once. Each is an SVG element React must reconcile on every report; past a few hundred
 * a chart update becomes a long task on a slow phone. The front, the selection and references are never thinned.
 */
export const MAX_FAINT_POINTS = 400;

/** A point as drawn: the search point plus what the chart needs to colour and label it. */
interface PlotPoint extends ChartPoint {
  color: string;
  /** Set for an imported reference config. */
  label?: string;
}

export interface ReferencePoint extends ChartPoint {
  label: string;
}

/**
 * The run as the chart shows it: store reports are coalesced to one per animation frame and rendered in a
 * transition, so a burst of reports never blocks input and React can interrupt a render for a click.
 */
function useFrameCoalescedRun(): SearchRunView {
  const [shown, setShown] = useState(() => useSearchStore.getState().run);
  useEffect(() => {
    let frame = 0;
    const unsubscribe = useSearchStore.subscribe((state, previous) => {
      if (state.run.points === previous.run.points && state.run.front === previous.run.front) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => startTransition(() => setShown(useSearchStore.getState().run)));
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, []);
  return shown;
}

/** Predicted latency of one config under a predictor, ms; null without one. */
export function predictOne(predictor: LatencyPredictor | undefined, config: SubTransformerConfig): number | null {
  if (!predictor) return null;
  const [ms] = predictLatencyMs(predictor, [configFeatures(config)]);
  return ms ?? null;
}

/** The predictor the search uses (the profile chosen in the settings), if it is trained. */
export function useSearchPredictor(): { predictor: LatencyPredictor | undefined; fileName: string | null } {
  const profileId = useSearchStore((s) => s.run.runSettings?.profileId ?? s.settings.profileId);
  const profile = useProfilesStore((s) => s.profiles.find((p) => p.id === profileId));
  return { predictor: profile?.predictor, fileName: profile?.fileName ?? null };
}

/** Imported references with their predicted latency under the search's predictor (those it can place). */
export function useReferencePoints(): ReferencePoint[] {
  const references = useReferencesStore((s) => s.references);
  const { predictor } = useSearchPredictor();
  return useMemo(
    () =>
      references.flatMap((r) => {
        const latencyMs = predictOne(predictor, r.config);
        if (latencyMs === null || r.validLoss === null) return [];
        return [{ key: r.key, config: r.config, validLoss: r.validLoss, latencyMs, generation: -1, label: r.name }];
      }),
    [references, predictor],
  );
}

function ConfigLines({ config }: { config: SubTransformerConfig }) {
  const { encoder: e, decoder: d } = config;
  return (
    <dl className="config-lines">
      <dt>encoder</dt>
      <dd>
        {e.layerNum} layers × {e.embedDim}; FFN [{e.ffnEmbedDims.join(', ')}]; heads [{e.selfAttentionHeads.join(', ')}]
      </dd>
      <dt>decoder</dt>
      <dd>
        {d.layerNum} layers × {d.embedDim}; FFN [{d.ffnEmbedDims.join(', ')}]; self heads [
        {d.selfAttentionHeads.join(', ')}]; cross heads [{d.endeAttentionHeads.join(', ')}]; attends [
        {d.arbitraryEndeAttn.join(', ')}]
      </dd>
    </dl>
  );
}

/** Tooltip body: the whole config, its parameters, FLOPs, predicted latency and loss. */
export function PointDetails({ point, spaceName }: { point: ChartPoint & { label?: string }; spaceName: string }) {
  const space = builtinSpace(spaceName) ?? builtinSpace('hat-wmt')!;
  const stats = modelStats(point.config, space);
  return (
    <div className="point-details">
      <p className="point-details__head">
        {point.label ?? (point.generation >= 0 ? `generation ${point.generation + 1}` : 'config')}:{' '}
        <strong>{formatLatencyMs(point.latencyMs)}</strong>, loss <strong>{point.validLoss.toFixed(3)}</strong>
      </p>
      <p className="point-details__stats">
        {(stats.params / 1e6).toFixed(2)} M params, {(stats.flops / 1e9).toFixed(2)} GFLOPs
      </p>
      <ConfigLines config={point.config} />
    </div>
  );
}

function niceDomain(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) {
    lo -= Math.abs(lo) * 0.05 || 1;
    hi += Math.abs(hi) * 0.05 || 1;
  }
  const pad = (hi - lo) * 0.06;
  return [Math.max(0, lo - pad), hi + pad];
}

interface PlotProps {
  faint: PlotPoint[];
  front: PlotPoint[];
  references: PlotPoint[];
  selected: PlotPoint | null;
  budgetsMs: number[];
  colors: ChartColors;
  spaceName: string;
  onSelect(key: string): void;
}

type ShapeProps = { cx?: number; cy?: number; payload?: PlotPoint };

/**
 * The recharts drawing alone, memoised: it re-renders only when the point arrays (new reports), the selection
 * or the theme change, never for progress ticks or a hover elsewhere in the panel.
 */
const ParetoPlot = memo(function ParetoPlot({
  faint,
  front,
  references,
  selected,
  budgetsMs,
  colors,
  spaceName,
  onSelect,
}: PlotProps) {
  const xDomain = niceDomain([...faint, ...references].map((p) => p.latencyMs).concat(budgetsMs));
  const yDomain = niceDomain([...faint, ...references].map((p) => p.validLoss));
  const seconds = xDomain[1] >= 2000;
  const tick = (v: number): string => (seconds ? `${(v / 1000).toFixed(1)}` : v.toFixed(0));
  const dot =
    (radius: number, opacity: number, stroke?: string) =>
    (props: unknown): ReactNode => {
      const { cx, cy, payload } = props as ShapeProps;
      if (cx === undefined || cy === undefined || !payload) return null;
      return (
        <circle
          cx={cx}
          cy={cy}
          r={radius}
          fill={payload.color}
          fillOpacity={opacity}
          stroke={stroke ?? 'none'}
          strokeWidth={stroke ? 1.5 : 0}
          data-point-key={payload.key}
          className="pareto-point"
          onClick={() => onSelect(payload.key)}
        />
      );
    };
  const diamond = (props: unknown): ReactNode => {
    const { cx, cy, payload } = props as ShapeProps;
    if (cx === undefined || cy === undefined || !payload) return null;
    const s = 7;
    return (
      <path
        d={`M${cx},${cy - s}L${cx + s},${cy}L${cx},${cy + s}L${cx - s},${cy}Z`}
        fill={colors.reference}
        stroke={colors.surface}
        data-reference-key={payload.key}
        className="pareto-point"
        onClick={() => onSelect(payload.key)}
      />
    );
  };
  return (
    <ResponsiveContainer width="100%" height={340}>
      <ComposedChart
        margin={{ top: 12, right: 20, bottom: 28, left: 8 }}
        style={{ fontFamily: 'system-ui, sans-serif' }}
      >
        <CartesianGrid stroke={colors.grid} />
        <XAxis
          type="number"
          dataKey="latencyMs"
          domain={xDomain}
          tickFormatter={tick}
          stroke={colors.muted}
          tick={{ fill: colors.muted, fontSize: 12 }}
          allowDataOverflow
          label={{
            value: `predicted latency (${seconds ? 's' : 'ms'})`,
            position: 'insideBottom',
            offset: -16,
            fill: colors.text,
            fontSize: 13,
          }}
        />
        <YAxis
          type="number"
          dataKey="validLoss"
          domain={yDomain}
          tickFormatter={(v: number) => v.toFixed(2)}
          stroke={colors.muted}
          tick={{ fill: colors.muted, fontSize: 12 }}
          width={64}
          allowDataOverflow
          label={{ value: 'validation loss', angle: -90, position: 'insideLeft', fill: colors.text, fontSize: 13 }}
        />
        <Tooltip
          shared={false}
          isAnimationActive={false}
          cursor={false}
          content={({ active, payload }) => {
            const point = (payload?.[0]?.payload ?? null) as PlotPoint | null;
            return active && point && typeof point.latencyMs === 'number' ? (
              <PointDetails point={point} spaceName={spaceName} />
            ) : null;
          }}
        />
        {budgetsMs.map((budget) => (
          <ReferenceLine
            key={budget}
            x={budget}
            stroke={colors.budget}
            strokeDasharray="6 4"
            label={{ value: `budget ${formatLatencyMs(budget)}`, position: 'insideTopRight', fill: colors.budget }}
            ifOverflow="extendDomain"
          />
        ))}
        <Scatter name="evaluated" data={faint} shape={dot(3.2, 0.55)} isAnimationActive={false} legendType="none" />
        <Line
          name="Pareto front"
          data={front}
          dataKey="validLoss"
          type="stepAfter"
          stroke={colors.front}
          strokeWidth={2}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
        <Scatter name="front" data={front} shape={dot(4.5, 1, colors.surface)} isAnimationActive={false} />
        <Scatter name="imported" data={references} shape={diamond} isAnimationActive={false} />
        {selected && (
          <Scatter name="selected" data={[selected]} shape={dot(7, 0.35, colors.selected)} isAnimationActive={false} />
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
});

/** A keyboard path to the chart's points: the front, by latency; arrows move and select, Enter/Space select. */
function FrontList({
  front,
  selectedKey,
  onSelect,
}: {
  front: ChartPoint[];
  selectedKey: string | null;
  onSelect(key: string): void;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : -1;
    if (next < 0 || next >= front.length) return;
    event.preventDefault();
    listRef.current?.querySelectorAll('button')[next]?.focus();
    onSelect(front[next]!.key);
  };
  if (front.length === 0)
    return <p className="hint">The Pareto front appears here once the search scores a population.</p>;
  return (
    <ol className="front-list" ref={listRef} aria-label="Pareto front, fastest first" data-testid="front-list">
      {front.map((p, i) => (
        <li key={p.key}>
          <button
            type="button"
            className="front-list__item"
            aria-pressed={p.key === selectedKey}
            data-point-key={p.key}
            onClick={() => onSelect(p.key)}
            onKeyDown={(event) => onKeyDown(event, i)}
          >
            <span>{formatLatencyMs(p.latencyMs)}</span> <span>loss {p.validLoss.toFixed(3)}</span>{' '}
            <span className="hint">
              {p.config.encoder.embedDim}/{p.config.decoder.embedDim}, {p.config.decoder.layerNum} dec
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/** Live accuracy-latency chart of the search, with the front as a keyboard-navigable list beside it. */
export function ParetoChart({ chartRef }: { chartRef?: RefObject<HTMLDivElement | null> }) {
  const run = useFrameCoalescedRun();
  const selectedKey = useSearchStore((s) => s.selectedKey);
  const select = useSearchStore((s) => s.select);
  const status = useSearchStore((s) => s.run.status);
  const settingsBudgets = useSearchStore((s) => s.settings.budgetsMs);
  const settingsSpace = useSearchStore((s) => s.settings.space);
  const colors = useChartColors();
  const references = useReferencePoints();
  const budgetsMs = run.runSettings?.budgetsMs ?? settingsBudgets;
  const algorithm = run.runSettings?.algorithm;
  const spaceName = run.runSettings?.space ?? settingsSpace;

  const { faint, front } = useMemo(() => {
    const keep = new Set(run.front.map((p) => p.key));
    const generations = Math.max(1, run.generations);
    const paint = (p: ChartPoint): PlotPoint => ({
      ...p,
      color: generationColor(p.generation, generations, colors.generationFrom, colors.generationTo),
    });
    return {
      faint: capPoints(run.points, MAX_FAINT_POINTS, keep).map(paint),
      front: run.front.map((p) => ({ ...p, color: colors.front })),
    };
  }, [run.points, run.front, run.generations, colors]);

  const referencePlot = useMemo(() => references.map((r) => ({ ...r, color: colors.reference })), [references, colors]);

  const selected = useMemo((): PlotPoint | null => {
    if (!selectedKey) return null;
    const point = run.points.find((p) => p.key === selectedKey) ?? references.find((r) => r.key === selectedKey);
    return point ? { ...point, color: colors.selected } : null;
  }, [selectedKey, run.points, references, colors]);

  const shownBudgets = algorithm === 'nsga2' ? budgetsMs.slice(0, 1) : budgetsMs;
  const thinned = run.points.length > faint.length;
  return (
    <div className="pareto">
      <figure
        className="pareto__chart"
        data-testid="pareto-chart"
        data-updates={run.updates}
        data-status={status}
        data-points={run.points.length}
        data-front={run.front.length}
        ref={chartRef}
      >
        <ParetoPlot
          faint={faint}
          front={front}
          references={referencePlot}
          selected={selected}
          budgetsMs={shownBudgets}
          colors={colors}
          spaceName={spaceName}
          onSelect={select}
        />
        <figcaption>
          <span className="legend-swatch legend-swatch--gradient" aria-hidden="true" /> evaluated configs, by generation
          (first → latest){thinned ? `; ${faint.length} of ${run.points.length} drawn` : ''} ·{' '}
          <span className="legend-swatch legend-swatch--front" aria-hidden="true" /> Pareto front ·{' '}
          <span className="legend-swatch legend-swatch--budget" aria-hidden="true" /> budget ·{' '}
          <span className="legend-swatch legend-swatch--reference" aria-hidden="true" /> imported configs. Click a point
          to inspect it.
        </figcaption>
      </figure>
      <FrontList front={run.front} selectedKey={selectedKey} onSelect={select} />
    </div>
  );
}
