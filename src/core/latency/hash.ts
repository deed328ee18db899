import type { LatencyRow } from '../dataset/types';
import { writeLatencyCsv } from '../dataset/write';

/** SHA-256 as lowercase hex, through Web Crypto (a global in browsers, workers and Node ≥ 19). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A dataset's identity: the SHA-256 of its rows written in canonical form (writeLatencyCsv). It does not depend on
 * how the file spelled its numbers ("6.0" vs "6") or its line endings, so an exported copy keeps its hash.
 */
export const datasetSha256 = (rows: readonly LatencyRow[]): Promise<string> => sha256Hex(writeLatencyCsv(rows));
