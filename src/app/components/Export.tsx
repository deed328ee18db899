import { useState, type RefObject } from 'react';
import type { SubTransformerConfig } from '../../core/config';
import { configToJson, configToYaml } from '../../core/config-io';
import { modelStats } from '../../core/model-stats';
import type { HatModelRef } from '../../protocol/validation';
import { scoredByPhrase } from '../../supertransformer/model-description';
import { downloadBlob, downloadText, standaloneSvg, svgToPng } from '../chart-export';
import { hatConfigFileName, hatLatencyLabel, pointsToCsv } from '../chart-points';
import { useSearchSpace, useSearchStore } from '../search-store';
import { useChartColors } from '../theme';

/** The selected config as HAT's YAML (for `train.py --configs`) or this app's JSON, naming the model that scored it. */
export function ConfigExport({
  config,
  latencyMs,
  validLoss,
  hatLoss,
  accuracyModel,
  datasetFileName,
  device,
}: {
  config: SubTransformerConfig;
  latencyMs: number | null;
  validLoss: number | null;
  /** HAT's own valid_loss, where an imported HAT model scored the config. */
  hatLoss: number | null;
  /** The imported HAT model that scored `validLoss`; undefined: the shipped demo. */
  accuracyModel: HatModelRef | undefined;
  datasetFileName: string | null;
  device: string | null;
}) {
  const scoredBy = scoredByPhrase(accuracyModel);
  const comment = [
    'SubTransformer found by HAT Explorer; train it from scratch with HAT:',
    `python train.py --configs=configs/<task>/subtransformer/${hatConfigFileName(datasetFileName, latencyMs, validLoss, 'yml')} --sub-configs=configs/<task>/subtransformer/common.yml`,
    latencyMs !== null && device ? `predicted latency on ${device}: ${hatLatencyLabel(latencyMs)}` : null,
    validLoss !== null ? `validation loss ${validLoss.toFixed(4)} nats on ${scoredBy}` : null,
    hatLoss !== null
      ? `HAT's valid_loss on it (label-smoothed, base 2, as evo_search.py logs it): ${hatLoss.toFixed(4)}`
      : null,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
  const provenance = {
    scoredBy,
    ...(validLoss !== null ? { validLossNats: validLoss } : {}),
    ...(hatLoss !== null ? { hatValidLoss: hatLoss } : {}),
    ...(latencyMs !== null && device ? { predictedLatencyMs: latencyMs, device } : {}),
  };
  return (
    <div className="export-row" role="group" aria-label="Export this config">
      <button
        type="button"
        className="button"
        data-testid="export-yaml"
        onClick={() =>
          downloadText(
            hatConfigFileName(datasetFileName, latencyMs, validLoss, 'yml'),
            configToYaml(config, comment),
            'application/yaml',
          )
        }
      >
        HAT YAML
      </button>
      <button
        type="button"
        className="button button--secondary"
        data-testid="export-json"
        onClick={() =>
          downloadText(
            hatConfigFileName(datasetFileName, latencyMs, validLoss, 'json'),
            configToJson(config, provenance),
            'application/json',
          )
        }
      >
        JSON
      </button>
    </div>
  );
}

/** The run's front and every evaluated point as CSV, and the chart as SVG or PNG. */
export function RunExport({ chartRef }: { chartRef: RefObject<HTMLDivElement | null> }) {
  const run = useSearchStore((s) => s.run);
  const space = useSearchSpace();
  const colors = useChartColors();
  const [problem, setProblem] = useState<string | null>(null);
  const stamp = run.runId ?? 'search';
  const csv = (which: 'front' | 'points'): void => {
    const frontKeys = new Set(run.front.map((p) => p.key));
    const text = pointsToCsv(which === 'front' ? run.front : run.points, frontKeys, (c) => modelStats(c, space));
    downloadText(`${stamp}-${which}.csv`, text, 'text/csv');
  };
  const chartSvg = () => {
    const svg = chartRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) throw new Error('the chart is not drawn yet');
    return standaloneSvg(svg, colors.surface);
  };
  const attempt = async (work: () => Promise<void> | void): Promise<void> => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(`Export failed: ${(error as Error).message}`);
    }
  };
  const empty = run.points.length === 0;
  return (
    <div className="export-row" role="group" aria-label="Export the search">
      <button
        type="button"
        className="button button--secondary"
        disabled={empty}
        onClick={() => void attempt(() => csv('front'))}
      >
        Front CSV
      </button>
      <button
        type="button"
        className="button button--secondary"
        disabled={empty}
        onClick={() => void attempt(() => csv('points'))}
      >
        All points CSV
      </button>
      <button
        type="button"
        className="button button--secondary"
        data-testid="export-svg"
        onClick={() => void attempt(() => downloadText(`${stamp}-chart.svg`, chartSvg().text, 'image/svg+xml'))}
      >
        Chart SVG
      </button>
      <button
        type="button"
        className="button button--secondary"
        data-testid="export-png"
        onClick={() => void attempt(async () => downloadBlob(`${stamp}-chart.png`, await svgToPng(chartSvg())))}
      >
        Chart PNG
      </button>
      {problem && (
        <p className="notice notice--bad" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
