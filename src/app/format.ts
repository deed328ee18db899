/** Milliseconds shown at a readable scale: "7.12 s" for seconds, "236 ms" below. */
export function formatLatencyMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** A chart tooltip's latency: always ms, one decimal, so values compare at a glance ("1877.3 ms"); "–" for non-numbers. */
export function formatTooltipMs(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–';
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** Up to four significant decimals, no trailing zeros: 1877.3333 → "1877.33", 6 → "6". */
export function formatFeature(value: number): string {
  return Number(value.toFixed(2)).toString();
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** A model size at its scale: "0.65 G" for HAT-sized counts, "3.2 M" for the tiny fixtures, never "0.00 G". */
export function formatMagnitude(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  return `${(n / 1e3).toFixed(1)} k`;
}
