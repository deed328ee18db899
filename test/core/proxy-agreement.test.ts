import { describe, expect, it } from 'vitest';
import { pairOrders, scratchLossesAt, type ScratchRound } from '../../src/core/proxy-agreement';

describe('scratchLossesAt', () => {
  const rounds: ScratchRound[] = [
    { config: 'a', tokens: 1010, validLoss: 5 },
    { config: 'b', tokens: 1003, validLoss: 6 },
    { config: 'a', tokens: 2001, validLoss: 4 },
    { config: 'a', tokens: 2001, validLoss: 3.9 }, // the turn logged again after a resume
  ];

  it('finds the turn every model has finished, counting a turn that overshoots its multiple once', () => {
    const { configs, reached, entry } = scratchLossesAt(rounds, 1000);
    expect(configs).toEqual(['a', 'b']);
    expect(reached).toBe(1);
    expect(entry('a', 1).validLoss).toBe(5);
    expect(entry('a', 2).validLoss).toBe(3.9);
    expect(() => entry('b', 2)).toThrow(/b has no logged loss after turn 2/);
  });

  it('reports 0 turns while some model has not finished its first', () => {
    expect(scratchLossesAt([...rounds, { config: 'c', tokens: 400, validLoss: 9 }], 1000).reached).toBe(0);
  });
});

describe('pairOrders', () => {
  const rows = [
    { name: 'deep', params: 100, inherited: 4.0, scratch: 3.0 },
    { name: 'wide', params: 101, inherited: 4.2, scratch: 3.1 },
    { name: 'x', params: 50, inherited: 4.1, scratch: 3.5 },
    { name: 'y', params: 50, inherited: 4.0, scratch: 3.6 },
  ];

  it('says whether the proxy orders each pair as training from scratch does', () => {
    const [first, second] = pairOrders(rows, [
      ['deep', 'wide'],
      ['x', 'y'],
    ]);
    expect(first).toEqual({
      pair: ['deep', 'wide'],
      paramsRatio: 0.9901,
      inheritedDiff: -0.2,
      scratchDiff: -0.1,
      agree: true,
    });
    expect(second!.agree).toBe(false);
  });

  it('names a pair member without a row', () => {
    expect(() => pairOrders(rows, [['deep', 'nope']])).toThrow(/no row for nope/);
  });
});
