const DEVICES: [RegExp, string][] = [
  [/raspberry/i, 'Raspberry Pi'],
  [/xeon/i, 'Intel Xeon'],
  [/titan_?xp/i, 'Nvidia TITAN Xp'],
];
const TASKS: [RegExp, string][] = [
  [/wmt14/i, "WMT'14 En-De"],
  [/wmt19/i, "WMT'19 En-De"],
  [/iwslt14/i, "IWSLT'14 De-En"],
];

/**
 * A readable device name from a dataset's file name. HAT names its files `<task>_<cpu|gpu>_<device>_all.csv`;
 * anything else is shown as its base name.
 */
export function deviceFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const device = DEVICES.find(([pattern]) => pattern.test(base))?.[1];
  if (!device) return base || fileName;
  const task = TASKS.find(([pattern]) => pattern.test(base))?.[1];
  return task ? `${device} (${task})` : device;
}
