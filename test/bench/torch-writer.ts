import { open, type FileHandle } from 'node:fs/promises';

/**
 * A minimal torch.save writer (zip format, pickle protocol 2) for the benchmark's full-size synthetic checkpoint:
 * a fairseq-shaped dict of args (argparse.Namespace), the model state dict (OrderedDict of tensors) and an optimizer
 * state, with the same globals and persistent ids torch writes. Not product code: the bench needs a 1 GB checkpoint
 * that CI cannot download, and torch.load reads what this writes (checked with `--torch-check`).
 */
export class PyNamespace {
  constructor(readonly attributes: Record<string, unknown>) {}
}
export class PyOrderedDict {
  constructor(readonly entries: Array<[string | number, unknown]>) {}
}
export class PyTuple {
  constructor(readonly items: unknown[]) {}
}
export interface StorageSpec {
  key: string;
  type: 'HalfStorage' | 'FloatStorage';
  numel: number;
  /** Fills the storage's bytes (called once, when the entry is written). */
  fill: (bytes: Uint8Array) => void;
}
export class TensorSpec {
  constructor(
    readonly storage: StorageSpec,
    readonly shape: number[],
  ) {}
}

class PickleWriter {
  private readonly chunks: number[] = [];
  private readonly encoder = new TextEncoder();
  private memo = 0;

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
  private op(...codes: number[]): void {
    for (const c of codes) this.chunks.push(c);
  }
  private u32(value: number): void {
    this.op(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }
  private put(): void {
    this.op(0x72);
    this.u32(this.memo++);
  }
  private global(module: string, name: string): void {
    this.op(0x63, ...this.encoder.encode(`${module}\n${name}\n`));
    this.put();
  }
  private string(value: string): void {
    const encoded = this.encoder.encode(value);
    this.op(0x58);
    this.u32(encoded.length);
    this.op(...encoded);
    this.put();
  }
  value(v: unknown): void {
    if (v === null || v === undefined) this.op(0x4e);
    else if (v === true) this.op(0x88);
    else if (v === false) this.op(0x89);
    else if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      this.op(0x4a);
      this.u32(v >>> 0);
    } else if (typeof v === 'number') {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, v, false);
      this.op(0x47, ...new Uint8Array(view.buffer));
    } else if (typeof v === 'string') this.string(v);
    else if (v instanceof PyTuple) {
      this.op(0x28);
      v.items.forEach((item) => this.value(item));
      this.op(0x74);
      this.put();
    } else if (Array.isArray(v)) {
      this.op(0x5d);
      this.put();
      if (v.length > 0) {
        this.op(0x28);
        v.forEach((item) => this.value(item));
        this.op(0x65);
      }
    } else if (v instanceof PyNamespace) {
      this.global('argparse', 'Namespace');
      this.op(0x29, 0x81);
      this.put();
      this.dict(Object.entries(v.attributes));
      this.op(0x62);
    } else if (v instanceof PyOrderedDict) {
      this.global('collections', 'OrderedDict');
      this.op(0x29, 0x52);
      this.put();
      this.items(v.entries);
    } else if (v instanceof TensorSpec) {
      this.global('torch._utils', '_rebuild_tensor_v2');
      this.op(0x28);
      // Persistent id: ('storage', torch.<Type>, key, 'cpu', numel).
      this.op(0x28);
      this.value('storage');
      this.global('torch', v.storage.type);
      this.value(v.storage.key);
      this.value('cpu');
      this.value(v.storage.numel);
      this.op(0x74);
      this.put();
      this.op(0x51);
      this.value(0);
      this.value(new PyTuple(v.shape));
      const strides = v.shape.map((_, i) => v.shape.slice(i + 1).reduce((a, b) => a * b, 1));
      this.value(new PyTuple(strides));
      this.value(false);
      this.value(new PyOrderedDict([]));
      this.op(0x74, 0x52);
      this.put();
    } else if (typeof v === 'object') this.dict(Object.entries(v as Record<string, unknown>));
    else throw new Error(`cannot pickle ${typeof v}`);
  }
  private dict(entries: Array<[string | number, unknown]>): void {
    this.op(0x7d);
    this.put();
    this.items(entries);
  }
  private items(entries: Array<[string | number, unknown]>): void {
    if (entries.length === 0) return;
    this.op(0x28);
    for (const [key, value] of entries) {
      this.value(key);
      this.value(value);
    }
    this.op(0x75);
  }
}

export function pickle(root: unknown): Uint8Array {
  const writer = new PickleWriter();
  writer.value(root);
  const body = writer.bytes();
  const out = new Uint8Array(body.length + 3);
  out.set([0x80, 0x02]);
  out.set(body, 2);
  out[out.length - 1] = 0x2e;
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Writes stored (uncompressed) zip entries as torch does, the central directory last. */
export class ZipFileWriter {
  private offset = 0;
  private readonly central: Uint8Array[] = [];
  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<ZipFileWriter> {
    return new ZipFileWriter(await open(path, 'w'));
  }

  async add(name: string, data: Uint8Array): Promise<void> {
    const nameBytes = new TextEncoder().encode(name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, data.length, true);
    central.setUint32(24, data.length, true);
    central.setUint16(28, nameBytes.length, true);
    central.setUint32(42, this.offset, true);
    const header = new Uint8Array([...new Uint8Array(local.buffer), ...nameBytes]);
    this.central.push(new Uint8Array([...new Uint8Array(central.buffer), ...nameBytes]));
    await this.handle.write(header, 0, header.length, this.offset);
    await this.handle.write(data, 0, data.length, this.offset + header.length);
    this.offset += header.length + data.length;
  }

  async close(): Promise<void> {
    const start = this.offset;
    for (const entry of this.central) {
      await this.handle.write(entry, 0, entry.length, this.offset);
      this.offset += entry.length;
    }
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, this.central.length, true);
    end.setUint16(10, this.central.length, true);
    end.setUint32(12, this.offset - start, true);
    end.setUint32(16, start, true);
    await this.handle.write(new Uint8Array(end.buffer), 0, 22, this.offset);
    await this.handle.close();
  }
}

/** torch.save's zip layout: archive/data.pkl, archive/data/<key> per storage, archive/version. */
export async function writeTorchZip(path: string, root: unknown, storages: readonly StorageSpec[]): Promise<void> {
  const zip = await ZipFileWriter.create(path);
  await zip.add('archive/data.pkl', pickle(root));
  for (const storage of storages) {
    const bytes = new Uint8Array(storage.numel * (storage.type === 'HalfStorage' ? 2 : 4));
    storage.fill(bytes);
    await zip.add(`archive/data/${storage.key}`, bytes);
  }
  await zip.add('archive/version', new TextEncoder().encode('3\n'));
  await zip.close();
}
