import { trainingNote, type MachineLoad } from '../machine-load';
import type { BrowserBenchConfig, LayoutResult, PageResult } from './bench-types';

export interface BenchReport {
  command: string;
  started: string;
  chromiumArgs: string[];
  gpu: string;
  loadBefore: MachineLoad;
  loadAfter: MachineLoad;
  settings: Omit<BrowserBenchConfig, 'predictorJson'> & { predictorJson: string };
  result: PageResult;
  ratios: Record<string, number>;
}

const fixed = (x: number, digits = 0): string => x.toFixed(digits);

/** Speed-ups of every layout over the first (1 worker, 1 thread): one validation of each config, and the search. */
export function threadRatios(result: PageResult): Record<string, number> {
  const [base, ...others] = result.layouts;
  const ratios: Record<string, number> = {};
  if (!base) return ratios;
  for (const layout of others) {
    for (const timing of layout.validation) {
      const baseMs = base.validation.find((t) => t.config === timing.config)!.ms;
      ratios[`${layout.layout} vs ${base.layout}: ${timing.config} validation`] = baseMs / timing.ms;
    }
    if (layout.search && base.search) {
      ratios[`${layout.layout} vs ${base.layout}: search wall time`] = base.search.wallMs / layout.search.wallMs;
    }
  }
  return ratios;
}

function measurementCell(layout: LayoutResult, config: 'smallest' | 'largest'): string {
  const m = layout.measurement?.find((x) => x.config === config);
  return m ? `${fixed(m.encoderMs, 1)} / ${fixed(m.decoderMs, 1)}` : '–';
}

/** One Markdown table of every layout, with the settings, the machine's load and the GPU it ran on above it. */
export function benchTable(report: BenchReport): string {
  const { result, settings } = report;
  const first = result.layouts[0];
  const header = [
    `# Browser bench: ${settings.backend}${settings.backend === 'webgpu' ? ` on ${report.gpu}` : ''}`,
    '',
    `${result.userAgent}; hardwareConcurrency ${result.hardwareConcurrency}; crossOriginIsolated ${result.crossOriginIsolated}`,
    `GPU adapter: ${result.adapter ? `${result.adapter.vendor} ${result.adapter.architecture} ${result.adapter.description}`.trim() + (result.adapter.software ? ' (software: SwiftShader, no GPU; its figures say nothing of a real GPU)' : '') : 'none'}`,
    `Chromium flags: ${report.chromiumArgs.join(' ')}`,
    `Load before: ${report.loadBefore.loadAverage.map((x) => x.toFixed(1)).join(' / ')} on ${report.loadBefore.cores} cores` +
      `, after: ${report.loadAfter.loadAverage.map((x) => x.toFixed(1)).join(' / ')}` +
      `; before: ${trainingNote(report.loadBefore.trainingJobs)}; after: ${trainingNote(report.loadAfter.trainingJobs)}`,
    `Validation set: ${first ? `${first.validPairs} pairs, ${first.validTokens} target tokens in ${first.batches} batches, ${fixed(first.padding * 100, 1)} % of target positions padding` : '–'}; ` +
      `${settings.validationRuns} timed validation(s) per config after a warm-up, median`,
    `Device measurement: ${settings.measure ? `${settings.measure.space}, ${JSON.stringify(settings.measure.settings)}, single-worker layouts only; encoder / decoder ms` : 'off'}`,
    `Search: HAT evolution on hat-wmt, population ${settings.search.population}, ${settings.search.iterations} iteration(s), budget ${settings.search.budgetMs} ms (Raspberry Pi predictor)`,
    `Matmul: [${settings.matmulSize}, ${settings.matmulSize}] products, every worker of the layout at once (summed)`,
    '',
  ];
  const rows = result.layouts.map((layout) => {
    const largest = layout.validation.find((t) => t.config === 'largest')!;
    const smallest = layout.validation.find((t) => t.config === 'smallest')!;
    return [
      layout.backend === 'wasm'
        ? `${layout.workers} worker${layout.workers === 1 ? '' : 's'} x ${layout.threadsPerWorker} thread${layout.threadsPerWorker === 1 ? '' : 's'}${layout.threadsNotice ? ` (${layout.threadsNotice})` : ''}`
        : `${layout.workers} worker${layout.workers === 1 ? '' : 's'} on ${layout.backend}`,
      fixed(layout.matmulGflops, 1),
      `${fixed(largest.ms)} ms, ${fixed(largest.modelGflops, 1)} GFLOP/s, ${fixed(largest.ratioToMatmul, 2)}`,
      `${fixed(smallest.ms)} ms, ${fixed(smallest.modelGflops, 1)} GFLOP/s, ${fixed(smallest.ratioToMatmul, 2)}`,
      measurementCell(layout, 'smallest'),
      measurementCell(layout, 'largest'),
      layout.search
        ? `${fixed(layout.search.wallMs / 1000, 1)} s, ${layout.search.uniqueValidations} validations, ${fixed(layout.search.msPerValidation)} ms each`
        : '–',
    ];
  });
  const columns = [
    'layout (validation workers x WASM threads)',
    'matmul GFLOP/s',
    'largest hat-wmt: one validation, model GFLOP/s, / matmul',
    'smallest hat-wmt: one validation, model GFLOP/s, / matmul',
    'measured smallest (enc / dec ms)',
    'measured largest (enc / dec ms)',
    'search',
  ];
  const table = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  const ratios = Object.entries(report.ratios).map(([name, ratio]) => `- ${name}: ${ratio.toFixed(2)}x the speed`);
  return [...header, ...table, '', ...(ratios.length > 0 ? ['Ratios in this run:', ...ratios] : [])].join('\n');
}
