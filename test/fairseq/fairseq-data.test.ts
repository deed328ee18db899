import { describe, expect, it } from 'vitest';
import { fairseqBatchIndices, packFairseqBatch } from '../../src/fairseq/batches';
import { inferLanguagePair } from '../../src/fairseq/data-files';
import { encodeLine, parseFairseqDictionary, removeBpe } from '../../src/fairseq/dictionary';
import { parseMmapIndex } from '../../src/fairseq/indexed-dataset';
import { LegacyRandomState } from '../../src/fairseq/numpy-random';
import { expected, fixtureBytes, fixtureData, folderFiles } from './hat-fixtures';

describe('fairseq data', () => {
  it('numpy seed 1 permutations, as printed by numpy 1.24', () => {
    expect(new LegacyRandomState(1).permutation(20)).toEqual([
      3, 16, 6, 10, 2, 14, 4, 17, 7, 1, 13, 0, 19, 18, 9, 15, 8, 12, 11, 5,
    ]);
    expect(new LegacyRandomState(1).permutation(1000).slice(0, 10)).toEqual([
      507, 818, 452, 368, 242, 929, 262, 810, 318, 49,
    ]);
  });

  it('dictionary: fairseq specials first, then file order; unknown words map to <unk>, </s> appended', () => {
    const dict = parseFairseqDictionary('hello 5\nwor@@ 3\nld 2\n');
    expect(dict.symbols).toEqual(['<s>', '<pad>', '</s>', '<unk>', 'hello', 'wor@@', 'ld']);
    expect(Array.from(encodeLine(dict, '  hello wor@@  ld  nope\n'))).toEqual([4, 5, 6, 3, 2]);
    expect(removeBpe('hello wor@@ ld')).toBe('hello world');
    expect(() => parseFairseqDictionary('hello 5\nbroken\n', 'dict.de.txt')).toThrow(/dict\.de\.txt line 2/);
  });

  it('mmap index: header, dtype, sizes and pointers of the fixture written by fairseq', () => {
    const index = parseMmapIndex(fixtureBytes('data-joined/valid.en-de.en.idx'));
    expect(index.dtype).toBe('uint16');
    expect(index.sizes.length).toBe(20);
    expect(index.pointers[0]).toBe(0);
    expect(index.pointers[1]).toBe(index.sizes[0]! * 2);
  });

  it('the language pair comes from file names when the checkpoint leaves it open', () => {
    expect(inferLanguagePair(['dict.en.txt', 'valid.en-de.de.bin'])).toEqual(['en', 'de']);
    expect(inferLanguagePair(['dict.en.txt'])).toBeNull();
  });

  it('BPE text gives the same sentences as fairseq binarized from it', async () => {
    const binary = await fixtureData('joined');
    const text = await fixtureData(
      'joined',
      folderFiles('data-joined').filter((f) => !/\.(bin|idx)$/.test(f.name)),
    );
    expect(binary.format).toBe('mmap');
    expect(text.format).toBe('text');
    expect(text.sources).toEqual(binary.sources);
    expect(text.targets).toEqual(binary.targets);
  });

  it('batches: the same sentences per batch as fairseq built, decoder input starting with </s>', async () => {
    const data = await fixtureData('joined');
    const batches = fairseqBatchIndices(
      data.sources.map((s) => s.length),
      data.targets.map((t) => t.length),
      { maxTokens: expected('joined').args.maxTokensValid },
    );
    const sorted = (b: number[][]) => b.map((x) => [...x].sort((p, q) => p - q));
    expect(sorted(batches)).toEqual(sorted(expected('joined').configs.fp32!.largest!.batches));
    const packed = packFairseqBatch([0], data.sources, data.targets);
    expect(packed.targetIn[0]).toBe(2);
    expect(Array.from(packed.targetIn.subarray(1))).toEqual(Array.from(data.targets[0]!.subarray(0, -1)));
    expect(() => fairseqBatchIndices([3000], [4], { maxTokens: 4096 })).toThrow(/more than the model's 1024/);
  });
});
