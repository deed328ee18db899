import { encodeLine, type FairseqDictionary } from './dictionary';

/**
 * fairseq's `mmap` indexed dataset (data/indexed_dataset.py, MMapIndexedDataset), its default binary format:
 * `.idx` = magic "MMIDIDX\0\0", u64 version 1, u8 dtype code, u64 count, then count int32 sizes and count int64 byte
 * pointers into `.bin`, which holds the token ids of every sentence back to back.
 */
const MAGIC = [0x4d, 0x4d, 0x49, 0x44, 0x49, 0x44, 0x58, 0x00, 0x00];
const DTYPES: Readonly<Record<number, { name: string; bytes: number }>> = {
  1: { name: 'uint8', bytes: 1 },
  2: { name: 'int8', bytes: 1 },
  3: { name: 'int16', bytes: 2 },
  4: { name: 'int32', bytes: 4 },
  5: { name: 'int64', bytes: 8 },
  8: { name: 'uint16', bytes: 2 },
};

export class DatasetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFormatError';
  }
}

export interface MmapIndex {
  dtype: string;
  dtypeBytes: number;
  sizes: Int32Array;
  /** Byte offsets into .bin. */
  pointers: Float64Array;
}

export function parseMmapIndex(bytes: Uint8Array, fileName = '.idx'): MmapIndex {
  if (bytes.length < 26 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DatasetFormatError(`${fileName} is not a fairseq mmap index (bad magic; is it --dataset-impl mmap?)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getBigUint64(9, true) !== 1n) throw new DatasetFormatError(`${fileName}: unsupported index version`);
  const dtype = DTYPES[bytes[17]!];
  if (!dtype) throw new DatasetFormatError(`${fileName}: unknown dtype code ${bytes[17]} (token ids must be integers)`);
  const count = Number(view.getBigUint64(18, true));
  const needed = 26 + count * 12;
  if (bytes.length < needed) {
    throw new DatasetFormatError(
      `${fileName} is truncated: ${count} sentences need ${needed} bytes, it has ${bytes.length}`,
    );
  }
  const sizes = new Int32Array(count);
  const pointers = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    sizes[i] = view.getInt32(26 + 4 * i, true);
    pointers[i] = Number(view.getBigInt64(26 + 4 * count + 8 * i, true));
  }
  return { dtype: dtype.name, dtypeBytes: dtype.bytes, sizes, pointers };
}

/** Every sentence's token ids (each ends in </s>, as fairseq's binarizer writes them). */
export function readMmapDataset(index: MmapIndex, bin: Uint8Array, fileName = '.bin'): Int32Array[] {
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const read: Record<string, (at: number) => number> = {
    uint8: (at) => view.getUint8(at),
    int8: (at) => view.getInt8(at),
    int16: (at) => view.getInt16(at, true),
    uint16: (at) => view.getUint16(at, true),
    int32: (at) => view.getInt32(at, true),
    int64: (at) => Number(view.getBigInt64(at, true)),
  };
  const get = read[index.dtype]!;
  return Array.from(index.sizes, (size, i) => {
    const start = index.pointers[i]!;
    if (size < 0 || start < 0 || start + size * index.dtypeBytes > bin.length) {
      throw new DatasetFormatError(`${fileName}: sentence ${i} lies outside the file (is it the .idx's partner?)`);
    }
    const ids = new Int32Array(size);
    for (let j = 0; j < size; j++) ids[j] = get(start + j * index.dtypeBytes);
    return ids;
  });
}

/** fairseq's raw-text dataset: one BPE'd sentence per line, encoded with the dictionary. */
export function readTextDataset(text: string, dictionary: FairseqDictionary): Int32Array[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => encodeLine(dictionary, line));
}

/** Checks every id is inside the dictionary, so a dataset binarized with another dictionary is named. */
export function checkIds(sentences: readonly Int32Array[], vocabSize: number, what: string): void {
  sentences.forEach((ids, i) => {
    const bad = ids.find((id) => id < 0 || id >= vocabSize);
    if (bad !== undefined) {
      throw new DatasetFormatError(
        `${what}: sentence ${i} holds token id ${bad}, outside the dictionary's ${vocabSize}`,
      );
    }
  });
}
