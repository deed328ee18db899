import { TruncatedFileError, type CheckedSource } from './byte-source';

/**
 * The central directory of a zip archive, read from its end, and its stored entries read by exact byte ranges.
 *
 * Written here rather than taken from a zip library: torch.save stores every entry uncompressed, so reading one is a
 * byte range and needs no inflater; and a general reader (zip.js reads the last 64 KiB to find the end record)
 * would read storage bytes near the end of the file, which for a checkpoint is optimizer state. This reader reads
 * the 42 bytes of the end records, the central directory, and then each wanted entry's header and data only.
 */
export interface ZipEntry {
  name: string;
  /** 0 = stored. torch.save never compresses. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

export class NotAZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAZipError';
  }
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function u64(v: DataView, offset: number): number {
  const value = v.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new NotAZipError('a zip64 size is too large');
  return Number(value);
}

async function findEndRecord(source: CheckedSource): Promise<{ bytes: Uint8Array; at: number; start: number }> {
  // torch writes no archive comment: the end record is the last 22 bytes, and a zip64 locator the 20 before them.
  const tail = Math.min(source.size, 42);
  let start = source.size - tail;
  let bytes = await source.read(start, tail, 'zip end record');
  if (bytes.length >= 22 && view(bytes).getUint32(bytes.length - 22, true) === EOCD) {
    return { bytes, at: bytes.length - 22, start };
  }
  const scan = Math.min(source.size, MAX_COMMENT + 42);
  start = source.size - scan;
  bytes = await source.read(start, scan, 'zip end record');
  for (let at = bytes.length - 22; at >= 0; at--) {
    if (view(bytes).getUint32(at, true) === EOCD) return { bytes, at, start };
  }
  throw new NotAZipError('no zip end-of-central-directory record: the file is truncated or not a zip archive');
}

export async function readZipDirectory(source: CheckedSource): Promise<Map<string, ZipEntry>> {
  const end = await findEndRecord(source);
  const eocd = view(end.bytes);
  let count = eocd.getUint16(end.at + 10, true);
  let cdSize = eocd.getUint32(end.at + 12, true);
  let cdOffset = eocd.getUint32(end.at + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = end.at - 20;
    if (locatorAt < 0 || eocd.getUint32(locatorAt, true) !== ZIP64_LOCATOR) {
      throw new NotAZipError('the zip64 end record locator is missing');
    }
    const recordOffset = u64(eocd, locatorAt + 8);
    const record = view(await source.read(recordOffset, 56, 'zip64 end record'));
    if (record.getUint32(0, true) !== ZIP64_EOCD) throw new NotAZipError('bad zip64 end record');
    count = u64(record, 32);
    cdSize = u64(record, 40);
    cdOffset = u64(record, 48);
  }
  if (cdOffset + cdSize > source.size) {
    throw new TruncatedFileError(`the zip central directory ends at byte ${cdOffset + cdSize}, past the file's end`);
  }
  const cd = await source.read(cdOffset, cdSize, 'zip central directory');
  const v = view(cd);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cd.length || v.getUint32(at, true) !== CENTRAL) throw new NotAZipError('bad zip central directory');
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    const entry: ZipEntry = {
      name: decoder.decode(cd.subarray(at + 46, at + 46 + nameLength)),
      method: v.getUint16(at + 10, true),
      compressedSize: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      localHeaderOffset: v.getUint32(at + 42, true),
    };
    readZip64Extra(v, at + 46 + nameLength, extraLength, entry);
    entries.set(entry.name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Replaces the 32-bit fields set to 0xffffffff by their 64-bit values from the zip64 extra field. */
function readZip64Extra(v: DataView, start: number, length: number, entry: ZipEntry): void {
  let at = start;
  while (at + 4 <= start + length) {
    const id = v.getUint16(at, true);
    const size = v.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        const value = u64(v, field);
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    at += 4 + size;
  }
}

/** Where a stored entry's bytes start: after its local header, whose name and extra lengths may differ. */
export async function entryDataOffset(source: CheckedSource, entry: ZipEntry): Promise<number> {
  if (entry.method !== 0) {
    throw new NotAZipError(`zip entry ${entry.name} is compressed (method ${entry.method}); torch.save stores entries`);
  }
  const header = view(await source.read(entry.localHeaderOffset, 30, `zip header of ${entry.name}`));
  if (header.getUint32(0, true) !== LOCAL) throw new NotAZipError(`bad zip local header for ${entry.name}`);
  return entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
}

export async function readStoredEntry(source: CheckedSource, entry: ZipEntry): Promise<Uint8Array> {
  const offset = await entryDataOffset(source, entry);
  return source.read(offset, entry.compressedSize, `zip entry ${entry.name}`);
}
