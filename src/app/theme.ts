import { useSyncExternalStore } from 'react';

/** Concrete colours for the charts. Read from CSS variables, so the light/dark switch lives in styles.css alone. */
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  front: string;
  budget: string;
  reference: string;
  selected: string;
  generationFrom: string;
  generationTo: string;
}

const VARIABLES: Record<keyof ChartColors, string> = {
  text: '--text',
  muted: '--muted',
  grid: '--border',
  surface: '--surface',
  front: '--chart-front',
  budget: '--chart-budget',
  reference: '--chart-reference',
  selected: '--chart-selected',
  generationFrom: '--chart-gen-from',
  generationTo: '--chart-gen-to',
};

/** Light-theme values, used only where no stylesheet is loaded (never in the app itself). */
const FALLBACK: ChartColors = {
  text: '#1c1d21',
  muted: '#5b5f6b',
  grid: '#d9dbe0',
  surface: '#ffffff',
  front: '#2456c8',
  budget: '#b42318',
  reference: '#8a4fd6',
  selected: '#e08a00',
  generationFrom: '#c9d3e6',
  generationTo: '#1f7a3d',
};

const DARK_QUERY = '(prefers-color-scheme: dark)';

function readColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const colors = { ...FALLBACK };
  for (const [field, variable] of Object.entries(VARIABLES) as [keyof ChartColors, string][]) {
    const value = style.getPropertyValue(variable).trim();
    if (value) colors[field] = value;
  }
  return colors;
}

let cached: { dark: boolean; colors: ChartColors } | undefined;

function snapshot(): ChartColors {
  const dark = matchMedia(DARK_QUERY).matches;
  // Same object while the scheme is unchanged: useSyncExternalStore re-renders only on a real switch.
  if (!cached || cached.dark !== dark) cached = { dark, colors: readColors() };
  return cached.colors;
}

function subscribe(onChange: () => void): () => void {
  const query = matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * The chart colours of the current light/dark scheme, re-read when the system setting changes. Charts get concrete
 * colours rather than var(--…) so an exported SVG or PNG looks as it does on screen.
 */
export function useChartColors(): ChartColors {
  return useSyncExternalStore(subscribe, snapshot, () => FALLBACK);
}
