import { fromFloat16Bits } from '../supertransformer/float16';
import { TruncatedFileError, type CheckedSource } from './byte-source';
import { OpaqueValue, PickleEndError, PickleError, PyGlobal, PyObject, unpickle, type PyValue } from './pickle';
import { entryDataOffset, readZipDirectory, type ZipEntry } from './zip-directory';

/** torch storage classes and their element types; only these may appear in a checkpoint. */
const STORAGE_TYPES: Readonly<Record<string, { dtype: string; bytes: number }>> = {
  FloatStorage: { dtype: 'float32', bytes: 4 },
  HalfStorage: { dtype: 'float16', bytes: 2 },
  DoubleStorage: { dtype: 'float64', bytes: 8 },
  BFloat16Storage: { dtype: 'bfloat16', bytes: 2 },
  LongStorage: { dtype: 'int64', bytes: 8 },
  IntStorage: { dtype: 'int32', bytes: 4 },
  ShortStorage: { dtype: 'int16', bytes: 2 },
  CharStorage: { dtype: 'int8', bytes: 1 },
  ByteStorage: { dtype: 'uint8', bytes: 1 },
  BoolStorage: { dtype: 'bool', bytes: 1 },
};

/** A storage named by a persistent id: where its bytes are is the file format's business. */
export class StorageRef {
  constructor(
    readonly key: string,
    readonly storageType: string,
    readonly numel: number,
  ) {}
  get dtype(): string {
    return STORAGE_TYPES[this.storageType]?.dtype ?? 'unknown';
  }
  get elementBytes(): number {
    return STORAGE_TYPES[this.storageType]?.bytes ?? 0;
  }
}

/** torch._utils._rebuild_tensor_v2's arguments: a view of a storage. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

export class CheckpointFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFormatError';
  }
}

/** The globals a fairseq checkpoint holds; calling anything else gives an OpaqueValue naming it. */
function call(callable: PyGlobal, args: PyValue[]): PyValue | undefined {
  switch (callable.qualifiedName) {
    case 'collections.OrderedDict': {
      const dict = new Map<PyValue, PyValue>();
      const pairs = args[0];
      if (Array.isArray(pairs)) for (const pair of pairs) if (Array.isArray(pair)) dict.set(pair[0]!, pair[1]!);
      return dict;
    }
    case 'argparse.Namespace':
      return new PyObject('argparse.Namespace');
    case 'torch._utils._rebuild_tensor_v2':
    case 'torch._utils._rebuild_tensor': {
      const [storage, offset, shape, stride] = args;
      if (!(storage instanceof StorageRef) || typeof offset !== 'number' || !isNumbers(shape) || !isNumbers(stride)) {
        return new OpaqueValue(`${callable.qualifiedName} with unexpected arguments`);
      }
      return new TensorRef(storage, offset, shape, stride);
    }
    case '_codecs.encode':
      return typeof args[0] === 'string' ? Uint8Array.from(args[0], (c) => c.charCodeAt(0) & 0xff) : undefined;
    default:
      return undefined;
  }
}

const isNumbers = (value: PyValue | undefined): value is number[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'number');

function storageHooks(storages: Map<string, StorageRef>) {
  return {
    call,
    persistentLoad(pid: PyValue): PyValue {
      if (!Array.isArray(pid) || pid[0] !== 'storage') throw new PickleError('unsupported persistent id in pickle');
      const [, type, key, , numel] = pid;
      if (!(type instanceof PyGlobal) || typeof key !== 'string' || typeof numel !== 'number') {
        throw new PickleError('malformed storage reference in pickle');
      }
      const name = type.module === 'torch' ? type.name : type.qualifiedName;
      let storage = storages.get(key);
      if (!storage) {
        storage = new StorageRef(key, name, numel);
        storages.set(key, storage);
      }
      return storage;
    },
  };
}

/** A torch.save file: its unpickled object (tensors as TensorRef) and random access to storage bytes. */
export class TorchCheckpoint {
  private readonly offsets = new Map<string, Promise<number>>();

  constructor(
    readonly format: 'zip' | 'legacy',
    readonly root: PyValue,
    readonly storages: ReadonlyMap<string, StorageRef>,
    private readonly source: CheckedSource,
    /** Where a storage's first element is (zip: after its entry's header; legacy: after its 8-byte size). */
    private readonly locate: (storage: StorageRef) => Promise<number>,
  ) {}

  /** Where a storage's bytes lie in the file (tests assert which ranges a load reads). */
  async storageRange(storage: StorageRef): Promise<{ offset: number; length: number }> {
    return { offset: await this.locate(storage), length: storage.numel * storage.elementBytes };
  }

  /** The tensor's elements as float32 (fp16 and fp64 converted), reading only its own bytes. */
  async readFloat32(tensor: TensorRef, what: string): Promise<Float32Array> {
    const { storage } = tensor;
    const elementBytes = storage.elementBytes;
    if (storage.dtype !== 'float32' && storage.dtype !== 'float16') {
      throw new CheckpointFormatError(
        `${what} is stored as ${storage.storageType}; expected FloatStorage or HalfStorage`,
      );
    }
    const count = tensor.numel;
    // Elements the view spans (a contiguous tensor spans exactly its numel).
    const span = count === 0 ? 0 : 1 + tensor.shape.reduce((sum, size, i) => sum + (size - 1) * tensor.stride[i]!, 0);
    if (tensor.offset + span > storage.numel) {
      throw new CheckpointFormatError(`${what} reaches past the end of its storage`);
    }
    let start = this.offsets.get(storage.key);
    if (!start) {
      start = this.locate(storage);
      this.offsets.set(storage.key, start);
    }
    const base = await start;
    const bytes = await this.source.read(base + tensor.offset * elementBytes, span * elementBytes, what);
    const dense = decode(bytes, storage.dtype, span);
    return isContiguous(tensor) ? dense : gather(dense, tensor);
  }
}

function decode(bytes: Uint8Array, dtype: string, count: number): Float32Array {
  if (dtype === 'float32') {
    // Copy into a fresh aligned buffer: the slice may start at any byte.
    const out = new Float32Array(count);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const halves = new Uint16Array(count);
  new Uint8Array(halves.buffer).set(bytes);
  const out = new Float32Array(count);
  const table = halfTable();
  for (let i = 0; i < count; i++) out[i] = table[halves[i]!]!;
  return out;
}

let halfLookup: Float32Array | null = null;
function halfTable(): Float32Array {
  if (!halfLookup) {
    halfLookup = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) halfLookup[bits] = fromFloat16Bits(bits);
  }
  return halfLookup;
}

function isContiguous(tensor: TensorRef): boolean {
  let expected = 1;
  for (let i = tensor.shape.length - 1; i >= 0; i--) {
    if (tensor.shape[i]! !== 1 && tensor.stride[i] !== expected) return false;
    expected *= tensor.shape[i]!;
  }
  return true;
}

function gather(dense: Float32Array, tensor: TensorRef): Float32Array {
  const out = new Float32Array(tensor.numel);
  const index = new Array<number>(tensor.shape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let offset = 0;
    for (let d = 0; d < index.length; d++) offset += index[d]! * tensor.stride[d]!;
    out[i] = dense[offset]!;
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < tensor.shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Reads a torch.save file's structure: the zip format (torch >= 1.6) or the legacy pickle-plus-storages format. */
export async function readTorchCheckpoint(source: CheckedSource): Promise<TorchCheckpoint> {
  if (source.size < 8) throw new TruncatedFileError(`${source.size} bytes is too short for a PyTorch checkpoint`);
  const head = await source.read(0, 2, 'file header');
  if (head[0] === 0x50 && head[1] === 0x4b) return readZipCheckpoint(source);
  if (head[0] === 0x80) return readLegacyCheckpoint(source);
  throw new CheckpointFormatError('not a PyTorch checkpoint: it is neither a torch zip archive nor a pickle');
}

async function readZipCheckpoint(source: CheckedSource): Promise<TorchCheckpoint> {
  const entries = await readZipDirectory(source);
  const pickleEntry = [...entries.values()].find((e) => e.name.endsWith('/data.pkl') || e.name === 'data.pkl');
  if (!pickleEntry) throw new CheckpointFormatError('a zip archive without data.pkl: not a PyTorch checkpoint');
  const prefix = pickleEntry.name.slice(0, -'data.pkl'.length);
  const pickled = await source.read(await entryDataOffset(source, pickleEntry), pickleEntry.compressedSize, 'data.pkl');
  const storages = new Map<string, StorageRef>();
  const { value } = unpickleWhole(pickled, storageHooks(storages), 'data.pkl');
  const locate = async (storage: StorageRef): Promise<number> => {
    const entry: ZipEntry | undefined = entries.get(`${prefix}data/${storage.key}`);
    if (!entry) throw new CheckpointFormatError(`storage ${storage.key} is missing from the archive`);
    if (entry.compressedSize < storage.numel * storage.elementBytes) {
      throw new CheckpointFormatError(`storage ${storage.key} holds fewer bytes than its tensor needs`);
    }
    return entryDataOffset(source, entry);
  };
  return new TorchCheckpoint('zip', value, storages, source, locate);
}

function unpickleWhole(bytes: Uint8Array, hooks: ReturnType<typeof storageHooks>, what: string) {
  try {
    return unpickle(bytes, hooks);
  } catch (error) {
    if (error instanceof PickleEndError) throw new TruncatedFileError(`${what} ends before its pickle does`);
    throw error;
  }
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;
/** First window of a legacy file's pickles; it doubles while they run on. */
export const LEGACY_WINDOW = 16 * 1024;

async function readLegacyCheckpoint(source: CheckedSource): Promise<TorchCheckpoint> {
  const storages = new Map<string, StorageRef>();
  const hooks = storageHooks(storages);
  let offset = 0;
  // The pickles carry no length: read the file in growing windows until each parses. Only the last window can run
  // past the pickles into the storages (by less than LEGACY_WINDOW bytes), and it is read once.
  let buffer = new Uint8Array(0);
  const next = async (what: string): Promise<PyValue> => {
    for (;;) {
      try {
        const { value, end } = unpickle(buffer, hooks, offset);
        offset = end;
        return value;
      } catch (error) {
        if (!(error instanceof PickleEndError)) throw error;
        if (buffer.length >= source.size) throw new TruncatedFileError(`${what} ends before its pickle does`);
        const length = Math.min(Math.max(LEGACY_WINDOW, buffer.length), source.size - buffer.length);
        const more = await source.read(buffer.length, length, what);
        const grown = new Uint8Array(buffer.length + more.length);
        grown.set(buffer);
        grown.set(more, buffer.length);
        buffer = grown;
      }
    }
  };
  const magic = await next('magic number');
  if (magic !== LEGACY_MAGIC && BigInt(typeof magic === 'number' ? magic : 0) !== LEGACY_MAGIC) {
    throw new CheckpointFormatError("not a PyTorch checkpoint: the pickle does not start with torch's magic number");
  }
  if ((await next('protocol version')) !== LEGACY_PROTOCOL) {
    throw new CheckpointFormatError('unsupported legacy torch.save protocol version');
  }
  const sysInfo = await next('system info');
  if (sysInfo instanceof Map && sysInfo.get('little_endian') === false) {
    throw new CheckpointFormatError('the checkpoint was written on a big-endian machine');
  }
  const root = await next('checkpoint');
  const keys = await next('storage keys');
  if (!Array.isArray(keys)) throw new CheckpointFormatError('malformed storage key list');
  // Storages follow in the order of the key list, each as an 8-byte element count then its bytes.
  const positions = new Map<string, number>();
  for (const key of keys) {
    const storage = storages.get(String(key));
    if (!storage || storage.elementBytes === 0) {
      throw new CheckpointFormatError(`storage ${String(key)} has an unknown type (${storage?.storageType ?? 'none'})`);
    }
    positions.set(storage.key, offset);
    offset += 8 + storage.numel * storage.elementBytes;
  }
  if (offset > source.size) {
    throw new TruncatedFileError(`the storages end at byte ${offset} but the file has ${source.size}`);
  }
  const locate = async (storage: StorageRef): Promise<number> => {
    const at = positions.get(storage.key);
    if (at === undefined) throw new CheckpointFormatError(`storage ${storage.key} is not in the file`);
    const header = await source.read(at, 8, `size of storage ${storage.key}`);
    const numel = new DataView(header.buffer, header.byteOffset, 8).getBigInt64(0, true);
    if (numel !== BigInt(storage.numel)) {
      throw new CheckpointFormatError(
        `storage ${storage.key} records ${numel} elements, its reference ${storage.numel}`,
      );
    }
    return at + 8;
  };
  return new TorchCheckpoint('legacy', root, storages, source, locate);
}
