import { decodeFloat16, encodeFloat16 } from './float16';

/**
 * The weight file format: a JSON header (anything the caller records, plus a tensor table) and one little-endian
 * binary blob. float16 for what the app ships, float32 for training checkpoints. Pure, so Node and browsers share it.
 */
export const WEIGHTS_FORMAT = 'hat-explorer-weights';
export const WEIGHTS_FORMAT_VERSION = 1;

export type WeightDtype = 'float16' | 'float32';

export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  /** Byte offset into the blob. */
  offset: number;
}

export interface WeightsHeader<Meta> {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  meta: Meta;
  tensors: TensorEntry[];
}

export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

export function encodeWeights<Meta>(
  meta: Meta,
  arrays: readonly NamedArray[],
  dtype: WeightDtype,
): { header: WeightsHeader<Meta>; blob: Uint8Array } {
  const bytesPer = dtype === 'float16' ? 2 : 4;
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const { name, shape, values } of arrays) {
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== values.length)
      throw new RangeError(`${name}: shape [${shape}] holds ${count} values, got ${values.length}`);
    tensors.push({ name, shape, dtype, offset });
    offset += count * bytesPer;
  }
  const blob = new Uint8Array(offset);
  arrays.forEach(({ values }, i) => {
    const encoded = dtype === 'float16' ? encodeFloat16(values) : values;
    blob.set(new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength), tensors[i]!.offset);
  });
  return { header: { format: WEIGHTS_FORMAT, version: WEIGHTS_FORMAT_VERSION, meta, tensors }, blob };
}

/** Reads a blob against its header; throws naming the tensor when the blob is short or the header malformed. */
export function decodeWeights<Meta>(
  header: unknown,
  blob: Uint8Array,
): { meta: Meta; arrays: Map<string, NamedArray> } {
  const h = header as Partial<WeightsHeader<Meta>>;
  if (h?.format !== WEIGHTS_FORMAT) throw new Error(`not a ${WEIGHTS_FORMAT} file (format is ${String(h?.format)})`);
  if (h.version !== WEIGHTS_FORMAT_VERSION) throw new Error(`unsupported weights version ${String(h.version)}`);
  if (!Array.isArray(h.tensors)) throw new Error('weights header has no tensor table');
  const arrays = new Map<string, NamedArray>();
  for (const entry of h.tensors) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const bytesPer = entry.dtype === 'float16' ? 2 : 4;
    const end = entry.offset + count * bytesPer;
    if (!Number.isInteger(count) || count < 0 || end > blob.byteLength) {
      throw new Error(`weights blob is too short for ${entry.name} (needs ${end} bytes, has ${blob.byteLength})`);
    }
    // Copy into an aligned buffer: the blob's offsets need not be multiples of 4.
    const bytes = blob.slice(entry.offset, end);
    const values =
      entry.dtype === 'float16' ? decodeFloat16(new Uint16Array(bytes.buffer)) : new Float32Array(bytes.buffer);
    arrays.set(entry.name, { name: entry.name, shape: entry.shape, values });
  }
  return { meta: h.meta as Meta, arrays };
}
