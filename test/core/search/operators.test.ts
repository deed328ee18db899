import { describe, expect, it } from 'vitest';
import { geneChoices, sampleGene } from '../../../src/core/gene';
import { createRng } from '../../../src/core/rng';
import {
  crossoverGenes,
  fillFeasible,
  LatencyConstraintError,
  mutateGene,
  pickDistinctPair,
  sampleGeneFrom,
  SearchMemo,
  toEstimate,
} from '../../../src/core/search';
import { BUILTIN_SPACES } from '../../../src/core/space';
import { countingObjectives, syntheticLatencyMs } from './synthetic';

const wmt = BUILTIN_SPACES['hat-wmt']!;
const choices = geneChoices(wmt);

describe('HAT operators', () => {
  it('samples genes with exactly the draws of gene.ts’s sampleGene', () => {
    const ours = createRng(9);
    const theirs = createRng(9);
    for (let i = 0; i < 50; i++) expect(sampleGeneFrom(choices, ours)).toEqual(sampleGene(wmt, theirs));
  });

  it('picks two distinct parents, every ordered pair about equally often', () => {
    const rng = createRng(1);
    const seen = new Map<string, number>();
    for (let i = 0; i < 12_000; i++) {
      const [a, b] = pickDistinctPair(4, rng);
      expect(a).not.toBe(b);
      expect(a >= 0 && a < 4 && b >= 0 && b < 4).toBe(true);
      seen.set(`${a},${b}`, (seen.get(`${a},${b}`) ?? 0) + 1);
    }
    expect(seen.size).toBe(12);
    for (const count of seen.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
    expect(pickDistinctPair(2, rng).sort()).toEqual([0, 1]);
    expect(() => pickDistinctPair(1, rng)).toThrow(RangeError);
  });

  it('crossover takes each position from one parent or the other, about half from each', () => {
    const rng = createRng(2);
    const first = Array.from({ length: 1000 }, (_, i) => i);
    const second = first.map((x) => -x - 1);
    const child = crossoverGenes(first, second, rng);
    const fromFirst = child.filter((x, i) => x === first[i]).length;
    expect(child.every((x, i) => x === first[i] || x === second[i])).toBe(true);
    expect(fromFirst).toBeGreaterThan(430);
    expect(fromFirst).toBeLessThan(570);
  });

  it('mutation resamples about 30 % of positions, always from the position’s choices', () => {
    const rng = createRng(3);
    // A gene of impossible values shows exactly which positions were resampled.
    const marked = choices.map(() => -99);
    let resampled = 0;
    for (let trial = 0; trial < 200; trial++) {
      const child = mutateGene(marked, choices, 0.3, rng);
      child.forEach((value, i) => {
        if (value !== -99) {
          resampled += 1;
          expect(choices[i]).toContain(value);
        }
      });
    }
    const rate = resampled / (200 * choices.length);
    expect(rate).toBeGreaterThan(0.27);
    expect(rate).toBeLessThan(0.33);
    expect(mutateGene(marked, choices, 0, rng)).toEqual(marked);
    expect(mutateGene(marked, choices, 1, rng).every((x) => x !== -99)).toBe(true);
  });
});

describe('rejection sampling', () => {
  it('keeps the first feasible candidates in proposal order, as a one-at-a-time loop would', async () => {
    const memo = new SearchMemo(wmt, countingObjectives());
    const budget = 150;
    const proposals = createRng(4);
    const accepted = await fillFeasible(memo, {
      count: 20,
      maxLatencyMs: budget,
      maxCandidates: 10_000,
      propose: () => sampleGene(wmt, proposals),
      stage: 'testing',
    });
    const replay = createRng(4);
    const sequential = [];
    while (sequential.length < 20) {
      const gene = sampleGene(wmt, replay);
      if (syntheticLatencyMs(memo.decode(gene)) <= budget) sequential.push(gene);
    }
    expect(accepted).toEqual(sequential);
  });

  it('gives up on an impossible constraint, naming it and the smallest latency seen', async () => {
    const memo = new SearchMemo(wmt, countingObjectives());
    const rng = createRng(5);
    const attempt = fillFeasible(memo, {
      count: 5,
      maxLatencyMs: 1,
      maxCandidates: 3000,
      propose: () => sampleGene(wmt, rng),
      stage: 'sampling the initial population',
    });
    await expect(attempt).rejects.toThrow(LatencyConstraintError);
    await expect(attempt).rejects.toThrow(
      /latency constraint of 1 ms while sampling the initial population: 3000 candidates tried, the smallest predicted latency was \d+\.\d\d ms/,
    );
    const error = (await attempt.catch((e: unknown) => e)) as LatencyConstraintError;
    const smallestSeen = Math.min(...[...memo.toState().latencyMs].map(([, ms]) => toEstimate(ms).latencyMs));
    expect(error.smallestLatencyMs).toBe(smallestSeen);
    expect(error.maxLatencyMs).toBe(1);
  });
});
