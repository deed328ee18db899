import { describe, expect, it } from 'vitest';
import { BOS_ID, BpeTokenizer, EOS_ID, learnBpe, PAD_ID, UNK_ID, UNK_TEXT, type BpeModel } from './bpe';
import { PairHeap } from './heap';
import { normalizeText } from './normalize';
import { tokenizerFromFile, tokenizerToFile } from './tokenizer-json';

/** Sennrich et al.'s example: low ×5, lower ×2, newest ×6, widest ×3. */
const TOY_TEXTS = [
  ...Array<string>(5).fill('low'),
  ...Array<string>(2).fill('lower'),
  ...Array<string>(6).fill('newest'),
  ...Array<string>(3).fill('widest'),
];

function mergeStrings(model: BpeModel): string[] {
  return model.merges.map(([a, b]) => `${model.vocab[a]} ${model.vocab[b]}`);
}

describe('learnBpe', () => {
  it('learns the hand-checked merges of the toy corpus', () => {
    const model = learnBpe(TOY_TEXTS, 1000);
    // Counts: e s 9 = s t 9 (tie → smaller left id: "e"), then es t 9; l o 7 = o w 7 → l o, lo w; then the 6s:
    // n e = e w = w est → e w (smallest left), n ew, new est; then the 3s: d est, i dest, w idest; then e r, low er.
    expect(mergeStrings(model)).toEqual([
      'e s',
      'es t',
      'l o',
      'lo w',
      'e w',
      'n ew',
      'new est',
      'd est',
      'i dest',
      'w idest',
      'e r',
      'low er',
    ]);
    // specials, then the alphabet in code-unit order (the boundary marker last), then one token per merge
    expect(model.vocab.slice(0, 15)).toEqual(['<pad>', '<s>', '</s>', '<unk>', ...'deilnorstw', '\u2581']);
    expect(model.vocab).toHaveLength(15 + 12);
  });

  it('stops at the requested vocabulary size', () => {
    const model = learnBpe(TOY_TEXTS, 15 + 4);
    expect(model.vocab).toHaveLength(19);
    expect(mergeStrings(model)).toEqual(['e s', 'es t', 'l o', 'lo w']);
  });

  it('stops when no pair occurs twice', () => {
    expect(learnBpe(['abc'], 100).merges).toEqual([]);
  });

  it('does not depend on the order of the texts', () => {
    expect(learnBpe([...TOY_TEXTS].reverse(), 1000)).toEqual(learnBpe(TOY_TEXTS, 1000));
  });

  it('merges repeated symbols without overlap (a a a → aa a)', () => {
    const model = learnBpe(['aaa', 'aaa'], 100);
    expect(mergeStrings(model)).toEqual(['a a', 'aa a']);
  });

  it('refuses a vocabulary smaller than specials plus alphabet', () => {
    expect(() => learnBpe(['abc'], 5)).toThrow(RangeError);
  });
});

describe('BpeTokenizer', () => {
  const toy = new BpeTokenizer(learnBpe(TOY_TEXTS, 1000));

  it('encodes with the learned merges in order', () => {
    expect(toy.tokenize('lowest')).toEqual(['low', 'est']);
    expect(toy.tokenize('newest widest lower')).toEqual(['newest', '\u2581', 'widest', '\u2581', 'lower']);
    expect(new BpeTokenizer(learnBpe(TOY_TEXTS, 19)).tokenize('lowest')).toEqual(['low', 'est']);
    expect(new BpeTokenizer(learnBpe(TOY_TEXTS, 17)).tokenize('lowest')).toEqual(['l', 'o', 'w', 'est']);
  });

  it('maps unknown characters to <unk> and decodes them as UNK_TEXT', () => {
    const ids = toy.encode('löw');
    expect(ids).toEqual([toy.vocab.indexOf('l'), UNK_ID, toy.vocab.indexOf('w')]);
    expect(toy.decode(ids)).toBe(`l${UNK_TEXT}w`);
    expect(toy.decode(toy.encode('Ω new'))).toBe(`${UNK_TEXT} new`);
  });

  it('skips <pad>, <s> and </s> when decoding', () => {
    expect(toy.decode([BOS_ID, ...toy.encode('new low'), EOS_ID, PAD_ID, PAD_ID])).toBe('new low');
  });

  describe('round trip on tricky text', () => {
    const TRICKY = [
      'Größe, Maß und Fuß – über Öl, Äpfel & Übermut!',
      'It’s 3.14 % of 1,000,000 – isn’t it?',
      '„Zitat“ und "quote" in (Klammern) [eckig] {geschweift} <spitz>',
      "jdm./etw. ~ sb.'s sth. … 2nd 10:30 a/b ½",
      "rock 'n' roll; d'Artagnan's O'Neill",
      'Straße  und\tStrasse\n mit   Leerraum ',
    ];
    const tokenizer = new BpeTokenizer(learnBpe(TRICKY, 400));

    it.each(TRICKY)('decode(encode(%j)) is the normalised text', (text) => {
      const ids = tokenizer.encode(text);
      expect(ids).not.toContain(UNK_ID);
      expect(tokenizer.decode(ids)).toBe(normalizeText(text));
    });

    it('normalises typographic quotes, dashes and whitespace', () => {
      expect(tokenizer.decode(tokenizer.encode('„Zitat“ – it’s'))).toBe('"Zitat" - it\'s');
      expect(tokenizer.decode(tokenizer.encode('  Straße \t und  '))).toBe('Straße und');
    });

    it('never merges across pieces', () => {
      for (const token of tokenizer.vocab.slice(4)) {
        expect(token).toMatch(/^\u2581?(?:[\p{L}\p{M}]+|.)$/u);
      }
    });
  });
});

describe('tokenizer file', () => {
  const model = learnBpe(TOY_TEXTS, 1000);

  it('loads back to a tokenizer that encodes identically', () => {
    const file = JSON.parse(JSON.stringify(tokenizerToFile(model, { source: 'test' }))) as unknown;
    const loaded = tokenizerFromFile(file);
    expect(loaded.vocabSize).toBe(model.vocab.length);
    expect(loaded.encode('lowest newer')).toEqual(new BpeTokenizer(model).encode('lowest newer'));
  });

  it('rejects a corrupted merge or special token', () => {
    const file = tokenizerToFile(model, {});
    expect(() => tokenizerFromFile({ ...file, merges: [[20, 5], ...file.merges.slice(1)] })).toThrow(/merge 0/);
    expect(() => tokenizerFromFile({ ...file, vocab: ['<s>', ...file.vocab.slice(1)] })).toThrow(/token 0/);
    expect(() => tokenizerFromFile({ ...file, format: 'other' })).toThrow(/not a/);
  });
});

describe('PairHeap', () => {
  it('pops by count descending, then key ascending', () => {
    const heap = new PairHeap();
    for (const [count, key] of [
      [3, 9],
      [5, 4],
      [5, 2],
      [1, 1],
      [3, 3],
    ] as const) {
      heap.push(count, key);
    }
    const popped: Array<[number, number]> = [];
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) popped.push([top.count, top.key]);
    expect(popped).toEqual([
      [5, 2],
      [5, 4],
      [3, 3],
      [3, 9],
      [1, 1],
    ]);
  });
});
