/**
 * Pre-tokenisation for the BPE tokenizer: cuts normalised text into pieces that merges never cross. Pure.
 *
 * A piece is a run of letters (with combining marks), a single digit, or a single other non-space character
 * (punctuation, symbols). A space before a piece becomes the word-boundary marker `▁` at the piece's start, as in
 * SentencePiece: `Es war's.` → `Es`, `▁war`, `'`, `s`, `.`. Because normalised text has only single spaces between
 * non-space characters, joining the pieces and turning `▁` back into a space reproduces the text exactly.
 *
 * Digits are single pieces so that numbers are spelled digit by digit: a small vocabulary should not spend entries on
 * `1950`, and the model then copies numbers it never saw.
 */
export const WORD_BOUNDARY = '\u2581';

const PIECE = / ?(?:[\p{L}\p{M}]+|\p{N}|[^\s\p{L}\p{M}\p{N}])/gu;

/** Pieces of already-normalised text (see normalizeText), each with `▁` in place of its leading space. */
export function pretokenize(normalized: string): string[] {
  const pieces: string[] = [];
  for (const match of normalized.matchAll(PIECE)) {
    const piece = match[0];
    pieces.push(piece.startsWith(' ') ? WORD_BOUNDARY + piece.slice(1) : piece);
  }
  return pieces;
}

/** Inverse of pretokenize on the pieces' concatenation: `▁` back to a space. */
export function joinPieces(text: string): string {
  return text.replaceAll(WORD_BOUNDARY, ' ');
}
