import { LatencyCsvParser } from './parser';
import { DEFAULT_MAX_DATASET_BYTES, type DatasetParseResult, type DatasetReadOptions } from './types';

const NOT_TEXT = 'not a text CSV file: it holds binary data (a NUL byte or invalid UTF-8)';

/** Parses a whole CSV held as text. Never throws. */
export function parseLatencyCsvText(text: string, options: DatasetReadOptions = {}): DatasetParseResult {
  if (text.includes('\u0000')) return { ok: false, errors: [{ line: 1, message: NOT_TEXT }] };
  const parser = new LatencyCsvParser(options);
  parser.push(text);
  return parser.finish();
}

const formatMiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Reads HAT's latency CSV from a File/Blob (streamed, so memory holds rows rather than the file's text)
 * or from a string. Refuses oversized and binary files with a message saying so. Never throws.
 */
export async function readLatencyCsv(
  source: Blob | string,
  options: DatasetReadOptions = {},
): Promise<DatasetParseResult> {
  try {
    if (typeof source === 'string') return parseLatencyCsvText(source, options);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_DATASET_BYTES;
    if (source.size > maxBytes) {
      return {
        ok: false,
        errors: [
          {
            line: 1,
            message: `file is ${formatMiB(source.size)}, over the ${formatMiB(maxBytes)} limit for a latency dataset`,
          },
        ],
      };
    }
    return await streamBlob(source, options);
  } catch (error) {
    return { ok: false, errors: [{ line: 1, message: `could not read the file: ${(error as Error).message}` }] };
  }
}

async function streamBlob(blob: Blob, options: DatasetReadOptions): Promise<DatasetParseResult> {
  const parser = new LatencyCsvParser(options);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.includes(0)) return { ok: false, errors: [{ line: 1, message: NOT_TEXT }] };
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError) return { ok: false, errors: [{ line: 1, message: NOT_TEXT }] };
    throw error;
  } finally {
    reader.releaseLock();
  }
  return parser.finish();
}
