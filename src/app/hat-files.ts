/**
 * Which dropped or chosen files belong to a HAT import: the checkpoint (`*.pt`) and fairseq's files beside it
 * (`dict.<lang>.txt`, `<split>.<src>-<tgt>.<lang>.bin/.idx`, BPE'd text `<split>.bpe.<lang>` or
 * `<split>.<src>-<tgt>.<lang>`). Recognised by name only; the worker reads and checks their content.
 */
const CHECKPOINT = /\.pt$/i;
const DATA = [
  /^dict\.[^.]+\.txt$/,
  /\.(bin|idx)$/,
  /^(train|valid|test)\d*\.(bpe\.)?[^.]+$/,
  /^(train|valid|test)\d*\.[^.]+-[^.]+\.[^.]+$/,
];

const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

export const isHatCheckpoint = (name: string): boolean => CHECKPOINT.test(baseName(name));

export const isHatFile = (name: string): boolean =>
  isHatCheckpoint(name) || DATA.some((pattern) => pattern.test(baseName(name)));

/** The checkpoint to load when several are chosen: fairseq's best, else the first by name. */
export function preferredCheckpoint<T extends { name: string }>(checkpoints: readonly T[]): T | undefined {
  const sorted = [...checkpoints].sort((a, b) => a.name.localeCompare(b.name));
  return sorted.find((file) => baseName(file.name) === 'checkpoint_best.pt') ?? sorted[0];
}

/** Splits files into a HAT import's checkpoints and data files, and everything else. */
export function sortHatFiles<T extends { name: string }>(files: readonly T[]) {
  return {
    checkpoints: files.filter((file) => isHatCheckpoint(file.name)),
    dataFiles: files.filter((file) => !isHatCheckpoint(file.name) && isHatFile(file.name)),
    others: files.filter((file) => !isHatFile(file.name)),
  };
}

/** Reads every entry of a directory (readEntries answers in chunks of about 100 until it answers none). */
async function directoryFiles(directory: FileSystemDirectoryEntry): Promise<File[]> {
  const reader = directory.createReader();
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) break;
    entries.push(...chunk);
  }
  return (await Promise.all(entries.map(entryFiles))).flat();
}

async function entryFiles(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [file];
  }
  if (entry.isDirectory) return directoryFiles(entry as FileSystemDirectoryEntry);
  return [];
}

/**
 * The files of a drop, dropped folders read recursively. The entries are taken at once, inside the drop event (a
 * DataTransfer's items are emptied once the event returns); their files are read afterwards.
 */
export function filesOfDrop(transfer: DataTransfer | null): Promise<File[]> {
  if (!transfer) return Promise.resolve([]);
  const entries = Array.from(transfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    return Promise.resolve(Array.from(transfer.files));
  }
  return Promise.all(entries.map((entry) => entryFiles(entry!))).then((lists) => lists.flat());
}
