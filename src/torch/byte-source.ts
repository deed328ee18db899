/**
 * Random-access bytes: a File or Blob in the browser, a file in Node, an in-memory array in tests. Readers take only
 * the ranges they need, so a 1 GB checkpoint's optimizer state is never read.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A byte range [offset, offset + length) that was read. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** Thrown by readers when a file ends before a structure it declares. */
export class TruncatedFileError extends Error {
  constructor(what: string) {
    super(`the file is truncated: ${what}`);
    this.name = 'TruncatedFileError';
  }
}

/** Reads a Blob (or File) by slices. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/**
 * Wraps a source so that every read is checked against its size (a short read is a TruncatedFileError), logged in
 * `ranges`, counted, and can be aborted between reads.
 */
export class CheckedSource implements ByteSource {
  readonly ranges: ByteRange[] = [];
  bytesRead = 0;

  constructor(
    private readonly inner: ByteSource,
    private readonly signal?: AbortSignal,
    private readonly onRead?: (bytesRead: number) => void,
  ) {}

  get size(): number {
    return this.inner.size;
  }

  async read(offset: number, length: number, what = 'data'): Promise<Uint8Array> {
    this.signal?.throwIfAborted();
    if (offset < 0 || length < 0 || offset + length > this.inner.size) {
      throw new TruncatedFileError(`${what} needs bytes ${offset}-${offset + length} of ${this.inner.size}`);
    }
    const bytes = await this.inner.read(offset, length);
    if (bytes.length !== length) throw new TruncatedFileError(`${what}: read ${bytes.length} of ${length} bytes`);
    this.ranges.push({ offset, length });
    this.bytesRead += length;
    this.onRead?.(this.bytesRead);
    return bytes;
  }
}
