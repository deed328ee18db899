/** A plain decimal number, optionally with an exponent: no hex, no Infinity, no NaN, no empty cell. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one CSV cell as a finite number, or returns null. Never evaluates the text. */
export function parseStrictNumber(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function quoteCell(text: string): string {
  const shown = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  return JSON.stringify(shown);
}
