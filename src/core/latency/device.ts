/** The translation tasks HAT publishes latency datasets for, by the prefix of its file names. */
export const HAT_TASKS = {
  wmt14ende: { label: "WMT'14 En-De", spaces: ['hat-wmt', 'hat-wmt-latency'] },
  wmt14enfr: { label: "WMT'14 En-Fr", spaces: ['hat-wmt', 'hat-wmt-latency'] },
  wmt19ende: { label: "WMT'19 En-De", spaces: ['hat-wmt', 'hat-wmt-latency'] },
  iwslt14deen: { label: "IWSLT'14 De-En", spaces: ['hat-iwslt'] },
} as const satisfies Record<string, { label: string; spaces: readonly string[] }>;

export type HatTask = keyof typeof HAT_TASKS;

/** HAT's measured devices, by the last part of its file names: a short name and the hardware HAT's paper names. */
const HAT_DEVICES: Record<string, { name: string; hardware: string }> = {
  raspberrypi: { name: 'Raspberry Pi', hardware: 'Raspberry Pi ARM Cortex-A72 CPU' },
  xeon: { name: 'Intel Xeon', hardware: 'Intel Xeon E5-2640 CPU' },
  titanxp: { name: 'NVIDIA TITAN Xp', hardware: 'NVIDIA TITAN Xp GPU' },
};

/** What HAT's file name `<task>_<cpu|gpu>_<device>_all.csv` says about a latency dataset. */
export interface HatDatasetName {
  task: HatTask;
  /** "WMT'14 En-De" */
  taskLabel: string;
  processor: 'cpu' | 'gpu';
  /** "Raspberry Pi"; an unknown device keeps its file-name part. */
  device: string;
  /** "Raspberry Pi ARM Cortex-A72 CPU"; for an unknown device, its part and the processor kind. */
  hardware: string;
  /** The spaces a config of this task's SuperTransformer lives in (the WMT files were sampled from hat-wmt-latency). */
  spaces: readonly string[];
}

const HAT_FILE_NAME = /^([a-z0-9]+)_(cpu|gpu)_([a-z0-9]+?)(?:_all)?$/;

/** The file's base name: no folder, no extension, no " (1)" a browser adds to a second download. */
const baseName = (fileName: string): string =>
  fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .replace(/\s*\(\d+\)$/, '');

/** Reads HAT's naming convention; null for any other name, or a task HAT does not publish. */
export function parseHatDatasetName(fileName: string): HatDatasetName | null {
  const match = HAT_FILE_NAME.exec(baseName(fileName).toLowerCase());
  if (!match) return null;
  const [, taskPart, processor, devicePart] = match as unknown as [string, string, 'cpu' | 'gpu', string];
  if (!Object.hasOwn(HAT_TASKS, taskPart)) return null;
  const task = taskPart as HatTask;
  const known = HAT_DEVICES[devicePart];
  return {
    task,
    taskLabel: HAT_TASKS[task].label,
    processor,
    device: known?.name ?? devicePart,
    hardware: known?.hardware ?? `${devicePart} ${processor.toUpperCase()}`,
    spaces: HAT_TASKS[task].spaces,
  };
}

/**
 * The name a latency profile is shown and exported under: "Raspberry Pi · WMT'14 En-De" for a file named by HAT's
 * convention, the file's base name for any other (never a device or task guessed from a fragment of it).
 */
export function deviceFromFileName(fileName: string): string {
  const parsed = parseHatDatasetName(fileName);
  if (!parsed) return baseName(fileName) || fileName;
  return `${parsed.device} · ${parsed.taskLabel}`;
}

/**
 * A warning when a profile measured for one task's search space is used to search another (an IWSLT profile on
 * hat-wmt): its latencies were measured for configs of other dimensions. Null when they match or nothing is known.
 */
export function taskSpaceMismatch(datasetFileName: string, spaceName: string): string | null {
  const parsed = parseHatDatasetName(datasetFileName);
  if (!parsed || parsed.spaces.includes(spaceName)) return null;
  return (
    `this profile was measured on ${parsed.taskLabel} SubTransformers (${parsed.spaces.join(', ')}), not ` +
    `${spaceName}: with that task's vocabulary, sentence length and layer sizes, so it misjudges ${spaceName} configs`
  );
}

/**
 * The name of a predictor's profile from its provenance: read again from the dataset's file name when HAT's
 * convention names it (files written before names carried the task said "WMT'14 En-De" for every WMT file), the
 * recorded device otherwise (a measured or renamed dataset).
 */
export const profileNameOf = (provenance: { datasetName: string; device: string }): string =>
  parseHatDatasetName(provenance.datasetName) ? deviceFromFileName(provenance.datasetName) : provenance.device;
