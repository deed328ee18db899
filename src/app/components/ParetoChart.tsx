import {
  memo,
  startTransition,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentProps,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { ComposedChart, ResponsiveContainer } from 'recharts';
import type { SubTransformerConfig } from '../../core/config';
import { configFeatures } from '../../core/features';
import { predictLatencyMs, type LatencyPredictor } from '../../core/latency/predictor';
import { modelStats } from '../../core/model-stats';
import { describeLatencyRule } from '../../core/search/latency-rule';
import { steppedDomain } from '../chart-domain';
import { capPoints, generationColor, type ChartPoint } from '../chart-points';
import { useReferencesStore } from '../chart-references';
import { formatLatencyMs } from '../format';
import { useProfilesStore } from '../profiles-store';
import { useSearchSpace, useSearchStore, type SearchRunView } from '../search-store';
import { useChartColors } from '../theme';
import { ChartDomainsContext, ParetoFrame, UNIT_CORNERS, type ChartDomains } from './ParetoAxes';
import { ParetoPoints, type HoveredPoint, type PlotPoint } from './ParetoPoints';

/**
 * Most faint points drawn at once. Each is an SVG element React must reconcile on every report; past a few hundred
 * a chart update becomes a long task on a slow phone. The front, the selection and references are never thinned.
 */
export const MAX_FAINT_POINTS = 400;

/** At most this many chart updates per second, however fast reports come (a sweep of small populations). */
export const CHART_UPDATES_PER_S = 4;

export interface ReferencePoint extends ChartPoint {
  label: string;
}

/**
 * The run as the chart shows it: store changes are coalesced to at most CHART_UPDATES_PER_S redraws and rendered
 * in a transition, which React splits into slices and interrupts for a click. The chart's status is this view's,
 * so "done" on the chart means the final points are drawn.
 */
function useThrottledRun(): SearchRunView {
  const [shown, setShown] = useState(() => useSearchStore.getState().run);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastMs = -Infinity;
    const flush = (): void => {
      timer = undefined;
      lastMs = performance.now();
      startTransition(() => setShown(useSearchStore.getState().run));
    };
    const unsubscribe = useSearchStore.subscribe((state, previous) => {
      if (state.run === previous.run || timer !== undefined) return;
      timer = setTimeout(flush, Math.max(0, lastMs + 1000 / CHART_UPDATES_PER_S - performance.now()));
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
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

/** The point's 90 % interval and, under a confidence rule, the upper bound the budget was checked against. */
function IntervalLine({ point, confidence }: { point: ChartPoint; confidence: number | null }) {
  if (point.latencyLowMs === undefined || point.latencyHighMs === undefined) return null;
  return (
    <p className="point-details__interval" data-testid="point-interval">
      90 % interval {formatLatencyMs(point.latencyLowMs)} – {formatLatencyMs(point.latencyHighMs)}
      {point.latencyUpperMs !== undefined && confidence !== null
        ? `; ${Math.round(confidence * 1000) / 10} % upper bound ${formatLatencyMs(point.latencyUpperMs)}`
        : ''}
    </p>
  );
}

/** Tooltip body: the whole config, its parameters, FLOPs, predicted latency with its interval, and loss. */
export function PointDetails({
  point,
  confidence = null,
}: {
  point: ChartPoint & { label?: string };
  spaceName: string;
  confidence?: number | null;
}) {
  // The run's space: a built-in, or an imported checkpoint's own (which no name alone can give).
  const space = useSearchSpace();
  const stats = modelStats(point.config, space);
  return (
    <div className="point-details">
      <p className="point-details__head">
        {point.label ?? (point.generation >= 0 ? `generation ${point.generation + 1}` : 'config')}:{' '}
        <strong>{formatLatencyMs(point.latencyMs)}</strong>, loss <strong>{point.validLoss.toFixed(3)}</strong>
      </p>
      <IntervalLine point={point} confidence={confidence} />
      <p className="point-details__stats">
        {(stats.params / 1e6).toFixed(2)} M params, {(stats.flops / 1e9).toFixed(2)} GFLOPs
      </p>
      <ConfigLines config={point.config} />
    </div>
  );
}

// recharts compares these by reference: a new object on each render would re-dispatch them and redraw the chart.
const CHART_MARGIN = { top: 12, right: 20, bottom: 28, left: 8 };
const CHART_STYLE = { fontFamily: 'system-ui, sans-serif' };

type PlotProps = ComponentProps<typeof ParetoPoints>;

/** The chart itself, memoised so a hover (the tooltip) or a progress tick elsewhere never reaches recharts. */
const ParetoPlot = memo(function ParetoPlot(props: PlotProps) {
  return (
    <ChartDomainsContext.Provider value={props.domains}>
      {/* Its height is the layout's (layout.css): the chart is the page's main view and grows with the window. */}
      <div className="pareto__plot">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={UNIT_CORNERS} margin={CHART_MARGIN} style={CHART_STYLE}>
            <ParetoFrame colors={props.colors} />
            <ParetoPoints {...props} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartDomainsContext.Provider>
  );
});

/** The domains as one stable object: the same numbers give the same object, so nothing is redrawn for them. */
function useStableDomains(latenciesMs: readonly number[], losses: readonly number[]): ChartDomains {
  const [x0, x1] = steppedDomain(latenciesMs);
  const [y0, y1] = steppedDomain(losses);
  return useMemo(
    (): ChartDomains => ({
      x: [x0, x1],
      y: [y0, y1],
    }),
    [x0, x1, y0, y1],
  );
}

/**
 * The point under the pointer: its whole config, parameters, FLOPs, predicted latency and loss. It spans the chart's
 * width (a config does not fit in a narrow chart beside the point) and opens below or above the point, away from it.
 */
function PointTooltip({
  hovered,
  spaceName,
  confidence,
}: {
  hovered: HoveredPoint;
  spaceName: string;
  confidence: number | null;
}) {
  const place = hovered.flipY ? { bottom: `calc(100% - ${hovered.y - 12}px)` } : { top: hovered.y + 12 };
  const interval = hovered.interval;
  return (
    <>
      {interval && (
        // The interval as a bar through the point (HTML over the SVG, so a hover never redraws the chart).
        <div
          className="pareto-interval"
          data-testid="pareto-interval"
          aria-hidden="true"
          style={{ left: interval.lowX, width: Math.max(1, interval.highX - interval.lowX), top: hovered.y - 1 }}
        >
          {interval.upperX !== undefined && (
            <span className="pareto-interval__upper" style={{ left: interval.upperX - interval.lowX }} />
          )}
        </div>
      )}
      <div className="pareto-tooltip" role="tooltip" style={place}>
        <PointDetails point={hovered.point} spaceName={spaceName} confidence={confidence} />
      </div>
    </>
  );
}

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
  const run = useThrottledRun();
  const selectedKey = useSearchStore((s) => s.selectedKey);
  const select = useSearchStore((s) => s.select);
  const settingsBudgets = useSearchStore((s) => s.settings.budgetsMs);
  const settingsSpace = useSearchStore((s) => s.settings.space);
  const colors = useChartColors();
  const references = useReferencePoints();
  const [hovered, setHovered] = useState<HoveredPoint | null>(null);
  const settingsConfidence = useSearchStore((s) => s.settings.latencyConfidence ?? null);
  const budgetsMs = run.runSettings?.budgetsMs ?? settingsBudgets;
  const algorithm = run.runSettings?.algorithm;
  const spaceName = run.runSettings?.space ?? settingsSpace;
  // A run that fell back to the point prediction (no interval) says so in its points: none has an upper bound.
  const requested = run.runSettings ? (run.runSettings.latencyConfidence ?? null) : settingsConfidence;
  const confidence =
    requested !== null && run.points.length > 0 && run.points[0]!.latencyUpperMs === undefined ? null : requested;
  const budgetRule = describeLatencyRule(confidence);

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

  const shownBudgets = useMemo(
    () => (algorithm === 'nsga2' ? budgetsMs.slice(0, 1) : budgetsMs),
    [algorithm, budgetsMs],
  );
  const plotted = useMemo(() => [...faint, ...referencePlot], [faint, referencePlot]);
  const domains = useStableDomains(
    plotted.map((p) => p.latencyMs).concat(shownBudgets),
    plotted.map((p) => p.validLoss),
  );
  const thinned = run.points.length > faint.length;
  return (
    <div className="pareto">
      <figure
        className="pareto__chart"
        data-testid="pareto-chart"
        data-updates={run.updates}
        data-status={run.status}
        data-points={run.points.length}
        data-front={run.front.length}
        ref={chartRef}
      >
        <ParetoPlot
          domains={domains}
          budgetsMs={shownBudgets}
          budgetRule={budgetRule}
          colors={colors}
          faint={faint}
          front={front}
          references={referencePlot}
          selected={selected}
          onSelect={select}
          onHover={setHovered}
        />
        {hovered && <PointTooltip hovered={hovered} spaceName={spaceName} confidence={confidence} />}
        <figcaption>
          <span className="legend-swatch legend-swatch--gradient" aria-hidden="true" /> evaluated configs, by generation
          (first → latest){thinned ? `; ${faint.length} of ${run.points.length} drawn` : ''} ·{' '}
          <span className="legend-swatch legend-swatch--front" aria-hidden="true" /> Pareto front ·{' '}
          <span className="legend-swatch legend-swatch--budget" aria-hidden="true" /> budget, on the {budgetRule}
          {confidence !== null ? ' (hover a point for its 90 % interval)' : ''} ·{' '}
          <span className="legend-swatch legend-swatch--reference" aria-hidden="true" /> imported configs. Click a point
          to inspect it.
        </figcaption>
      </figure>
      <FrontList front={run.front} selectedKey={selectedKey} onSelect={select} />
    </div>
  );
}
