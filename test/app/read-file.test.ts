import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../src/core/result';
import { readAndParse } from '../../src/app/read-file';

const parseNumber = (text: string): Result<number> =>
  /^\d+$/.test(text)
    ? ok(Number(text))
    : fail([
        { field: 'value', message: `${text} is not a number` },
        { field: '', message: 'expected digits' },
      ]);

describe('readAndParse', () => {
  it('gives the parsed value of a readable, valid file', async () => {
    expect(await readAndParse(new File(['42'], 'n.txt'), parseNumber, 'number file')).toEqual({ ok: true, value: 42 });
  });

  it("names what the file is not, with the parser's problems on one line", async () => {
    expect(await readAndParse(new File(['x'], 'n.txt'), parseNumber, 'number file')).toEqual({
      ok: false,
      message: 'not a number file: value: x is not a number; expected digits',
    });
  });

  it('says when the file cannot be read, without calling the parser', async () => {
    let parsed = 0;
    const unreadable = { text: () => Promise.reject(new Error('the file was moved')) };
    const result = await readAndParse(unreadable, (text) => (parsed++, parseNumber(text)), 'number file');
    expect(result).toEqual({ ok: false, message: 'could not read: the file was moved' });
    expect(parsed).toBe(0);
  });
});
