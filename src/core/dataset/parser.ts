import type { FeatureVector } from '../features';
import { checkFeature } from './bounds';
import { parseStrictNumber, quoteCell } from './number';
import { summarizeRows } from './summary';
import {
  DEFAULT_MAX_DATASET_ERRORS,
  LATENCY_CSV_HEADER,
  type DatasetError,
  type DatasetParseResult,
  type DatasetReadOptions,
  type LatencyRow,
} from './types';

const FEATURE_COUNT = 10;
const COLUMN_COUNT = LATENCY_CSV_HEADER.length;

/**
 * An incremental parser of HAT's latency CSV: text arrives in chunks of any size (a line may straddle
 * chunks), so a large file never has to sit in memory as one string. Lines and columns are 1-based.
 */
export class LatencyCsvParser {
  private readonly rows: LatencyRow[] = [];
  private readonly errors: DatasetError[] = [];
  private readonly maxErrors: number;
  private pending = '';
  private lineNumber = 0;
  private firstChunk = true;
  private blankLineSeen: number | null = null;
  private stopped = false;
  private headerChecked = false;

  constructor(options: DatasetReadOptions = {}) {
    this.maxErrors = Math.max(1, options.maxErrors ?? DEFAULT_MAX_DATASET_ERRORS);
  }

  push(chunk: string): void {
    if (this.stopped) return;
    let text = chunk;
    if (this.firstChunk && text.length > 0) {
      this.firstChunk = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    text = this.pending + text;
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline >= 0; newline = text.indexOf('\n', start)) {
      this.line(text.slice(start, newline));
      start = newline + 1;
      if (this.stopped) return;
    }
    this.pending = text.slice(start);
  }

  finish(): DatasetParseResult {
    if (!this.stopped && this.pending.length > 0) this.line(this.pending);
    this.pending = '';
    if (!this.stopped && this.lineNumber === 0) this.error({ line: 1, message: 'the file is empty' });
    else if (!this.stopped && this.rows.length === 0 && this.errors.length === 0) {
      this.error({ line: 2, message: 'no data rows after the header' });
    }
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    return { ok: true, rows: this.rows, summary: summarizeRows(this.rows) };
  }

  private error(error: DatasetError): void {
    if (this.errors.length >= this.maxErrors) {
      this.errors.push({ line: error.line, message: `further errors not shown (stopped after ${this.maxErrors})` });
      this.stopped = true;
      return;
    }
    this.errors.push(error);
  }

  private line(raw: string): void {
    this.lineNumber += 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') {
      this.blankLineSeen ??= this.lineNumber;
      return;
    }
    if (this.blankLineSeen !== null) {
      // Blank lines are only harmless at the end of a file.
      this.error({ line: this.blankLineSeen, message: 'empty line between data rows' });
      this.blankLineSeen = null;
    }
    if (this.headerChecked) this.dataRow(text);
    else this.header(text);
  }

  private header(text: string): void {
    this.headerChecked = true;
    const names = text.split(',').map((name) => name.trim());
    const line = this.lineNumber;
    if (names.length !== COLUMN_COUNT || names.some((name, i) => name !== LATENCY_CSV_HEADER[i])) {
      const firstWrong = names.findIndex((name, i) => name !== LATENCY_CSV_HEADER[i]);
      if (firstWrong >= 0 && firstWrong < COLUMN_COUNT) {
        const expected = LATENCY_CSV_HEADER[firstWrong];
        this.error({
          line,
          column: firstWrong + 1,
          message: `wrong header: expected ${expected} in column ${firstWrong + 1}, found ${quoteCell(names[firstWrong] ?? '')}`,
        });
      }
      if (names.length < COLUMN_COUNT) {
        this.error({
          line,
          message: `header has ${names.length} columns, HAT's latency CSV has ${COLUMN_COUNT}; missing: ${LATENCY_CSV_HEADER.slice(names.length).join(', ')}`,
        });
      } else if (names.length > COLUMN_COUNT) {
        this.error({
          line,
          column: COLUMN_COUNT + 1,
          message: `header has ${names.length} columns, HAT's latency CSV has ${COLUMN_COUNT}; extra: ${names.slice(COLUMN_COUNT).join(', ')}`,
        });
      }
      // Rows under a wrong header cannot be read reliably; one located header error is the useful answer.
      this.stopped = true;
    }
  }

  private dataRow(text: string): void {
    const line = this.lineNumber;
    const cells = text.split(',');
    if (cells.length !== COLUMN_COUNT) {
      this.error({ line, message: `expected ${COLUMN_COUNT} fields, found ${cells.length}` });
      return;
    }
    const values: number[] = [];
    let rowOk = true;
    cells.forEach((cell, i) => {
      const columnName = LATENCY_CSV_HEADER[i] as string;
      const value = parseStrictNumber(cell.trim());
      const at = { line, column: i + 1, columnName };
      if (value === null) {
        const what = /^[+-]?(nan|inf(inity)?)$/i.test(cell.trim()) ? 'not a finite number' : 'expected a number';
        this.error({ ...at, message: `${what}, found ${quoteCell(cell)}` });
        rowOk = false;
        return;
      }
      const problem = i < FEATURE_COUNT ? checkFeature(i, value) : checkLatency(i, value);
      if (problem) {
        this.error({ ...at, message: problem });
        rowOk = false;
      }
      values.push(value);
    });
    if (!rowOk || this.stopped) return;
    this.rows.push({
      features: values.slice(0, FEATURE_COUNT) as FeatureVector,
      latencyMeanEncoderMs: values[10] as number,
      latencyMeanDecoderMs: values[11] as number,
      latencyStdEncoderMs: values[12] as number,
      latencyStdDecoderMs: values[13] as number,
    });
  }
}

function checkLatency(column: number, value: number): string | null {
  const isMean = column < 12;
  if (isMean && value <= 0) return `a latency mean must be above 0 ms, found ${value}`;
  if (!isMean && value < 0) return `a latency standard deviation cannot be negative, found ${value}`;
  return null;
}
