import { ARBITRARY_ATTN_LAYERS } from '../core/space';
import type { SubTransformerConfig } from '../core/config';

/** The fields of a search point the chart and the exports need (the search store's SearchPointView has them). */
export interface ChartPoint {
  key: string;
  config: SubTransformerConfig;
  validLoss: number;
  latencyMs: number;
  /** The predictor's 90 % interval and the upper bound the run's confidence rule checked, when it has them. */
  latencyLowMs?: number;
  latencyHighMs?: number;
  latencyUpperMs?: number;
  generation: number;
}

/** Parses "#rrggbb" (or "#rgb"); null for anything else, so a missing CSS variable is noticed, not drawn black. */
export function parseHexColor(text: string): [number, number, number] | null {
  const value = text.trim();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  if (short) return [short[1]!, short[2]!, short[3]!].map((h) => parseInt(h + h, 16)) as [number, number, number];
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  if (long) return [long[1]!, long[2]!, long[3]!].map((h) => parseInt(h, 16)) as [number, number, number];
  return null;
}

const hex2 = (n: number): string =>
  Math.round(Math.min(255, Math.max(0, n)))
    .toString(16)
    .padStart(2, '0');

/**
 * The colour of a generation: early generations take `from`, the last `to`, linearly in between (sRGB). The two
 * ends come from CSS variables, so the scale follows the light or dark theme.
 */
export function generationColor(generation: number, generations: number, from: string, to: string): string {
  const a = parseHexColor(from);
  const b = parseHexColor(to);
  if (!a || !b) throw new RangeError(`generation colours must be #rrggbb, got ${from} and ${to}`);
  const t = generations <= 1 ? 1 : Math.min(1, Math.max(0, generation / (generations - 1)));
  return `#${hex2(a[0] + (b[0] - a[0]) * t)}${hex2(a[1] + (b[1] - a[1]) * t)}${hex2(a[2] + (b[2] - a[2]) * t)}`;
}

/**
 * At most `max` points for the faint cloud, keeping every point whose key is in `keep` (front, selection) and an
 * even stride over the rest, newest last. Drawing thousands of SVG circles per generation is what would block the
 * main thread; the front itself is never thinned.
 */
export function capPoints<T extends { key: string }>(
  points: readonly T[],
  max: number,
  keep: ReadonlySet<string>,
): T[] {
  if (points.length <= max) return points.slice();
  const kept = points.filter((p) => keep.has(p.key));
  const rest = points.filter((p) => !keep.has(p.key));
  const room = Math.max(0, max - kept.length);
  const sampled: T[] = [];
  if (room > 0) {
    const stride = rest.length / room;
    for (let i = 0; i < room; i++) sampled.push(rest[Math.min(rest.length - 1, Math.floor(i * stride))]!);
  }
  const chosen = new Set([...kept, ...sampled].map((p) => p.key));
  return points.filter((p) => chosen.has(p.key));
}

const spaced = (values: readonly number[]): string => values.join(' ');

/** Columns: objectives, generation, front membership, HAT's config fields (lists space-separated), size and cost. */
export const POINTS_CSV_HEADER = [
  'key',
  'generation',
  'on_front',
  'latency_ms',
  'valid_loss',
  'params',
  'flops',
  'encoder_embed_dim',
  'encoder_layer_num',
  'encoder_ffn_embed_dim',
  'encoder_self_attention_heads',
  'decoder_embed_dim',
  'decoder_layer_num',
  'decoder_ffn_embed_dim',
  'decoder_self_attention_heads',
  'decoder_ende_attention_heads',
  'decoder_arbitrary_ende_attn',
] as const;

/**
 * CSV of evaluated points (the front, or every point) for a spreadsheet or pandas: one row per config, per-layer
 * lists space-separated so no field needs quoting. `stats` gives parameters and FLOPs of a config.
 */
export function pointsToCsv(
  points: readonly ChartPoint[],
  frontKeys: ReadonlySet<string>,
  stats: (config: SubTransformerConfig) => { params: number; flops: number },
): string {
  const lines = [POINTS_CSV_HEADER.join(',')];
  for (const p of points) {
    const { encoder: e, decoder: d } = p.config;
    const { params, flops } = stats(p.config);
    lines.push(
      [
        p.key,
        p.generation,
        frontKeys.has(p.key) ? 1 : 0,
        p.latencyMs.toFixed(3),
        p.validLoss.toFixed(5),
        params,
        flops,
        e.embedDim,
        e.layerNum,
        spaced(e.ffnEmbedDims),
        spaced(e.selfAttentionHeads),
        d.embedDim,
        d.layerNum,
        spaced(d.ffnEmbedDims),
        spaced(d.selfAttentionHeads),
        spaced(d.endeAttentionHeads),
        spaced(d.arbitraryEndeAttn),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** HAT's latency-in-file-name form: "3.5s" from a second up, "137.9ms" below (HAT_wmt14ende_xeon@137.9ms_…). */
export function hatLatencyLabel(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms.toFixed(1)}ms`;
}

/**
 * The task-and-device part of HAT's config file names from a latency dataset's file name:
 * "wmt14ende_cpu_raspberrypi_all.csv" → "wmt14ende_raspberrypi", as in HAT_wmt14ende_raspberrypi@3.5s_bleu@25.8.yml.
 */
export function hatDeviceSlug(datasetFileName: string): string {
  const base = datasetFileName
    .replace(/\.[^.]*$/, '')
    .replace(/_all$/, '')
    .split('_')
    .filter((part) => part !== 'cpu' && part !== 'gpu' && part !== '')
    .join('_');
  return base.replace(/[^A-Za-z0-9_.-]/g, '') || 'device';
}

/**
 * A file name like HAT's published configs, with the validation loss in place of the BLEU HAT reports after
 * training: HAT_wmt14ende_raspberrypi@3.2s_loss@5.41.yml.
 */
export function hatConfigFileName(
  datasetFileName: string | null,
  latencyMs: number | null,
  validLoss: number | null,
  ext: 'yml' | 'json',
): string {
  const parts = [`HAT_${datasetFileName ? hatDeviceSlug(datasetFileName) : 'subtransformer'}`];
  if (latencyMs !== null && Number.isFinite(latencyMs)) parts[0] += `@${hatLatencyLabel(latencyMs)}`;
  if (validLoss !== null && Number.isFinite(validLoss)) parts.push(`loss@${validLoss.toFixed(2)}`);
  return `${parts.join('_')}.${ext}`;
}

/** Encoder layers (0-based) decoder layer i attends to: the last 1, 2 or 3 by its arbitrary-attention code. */
export function attendedEncoderLayers(config: SubTransformerConfig, decoderLayer: number): number[] {
  const code = config.decoder.arbitraryEndeAttn[decoderLayer];
  const count = code === undefined ? 1 : (ARBITRARY_ATTN_LAYERS.get(code) ?? 1);
  const last = config.encoder.layerNum;
  const first = Math.max(0, last - count);
  return Array.from({ length: last - first }, (_, i) => first + i);
}
