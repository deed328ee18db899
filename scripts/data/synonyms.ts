/**
 * `npx tsx scripts/data/synonyms.ts [samples]`: measures the synonym strategies of src/data/pairs.ts on the real
 * dictionary, to back the choice of SYNONYM_STRATEGY in src/data/config.ts. For each strategy it prints the number
 * of kept unique pairs, distinct sources and targets per source (ambiguity a model must average over), then a
 * fixed random sample of the pairs it adds over 'single', for checking by hand.
 */
import { createRng } from '../../src/core/rng';
import { buildCorpus } from '../../src/data/corpus';
import { pairKey, SPLIT_NAMES } from '../../src/data/split';
import type { Pair, SynonymStrategy } from '../../src/data/pairs';
import { CACHE_DIR } from '../../src/data/manifest';
import { DEB_SOURCES } from '../../src/data/sources';
import { fetchDeb } from './fetch-debs';
import { extractDingText } from './fetch-ding';

const sampleSize = Number(process.argv[2] ?? 40);
const text = extractDingText(
  fetchDeb(
    DEB_SOURCES.find(({ role }) => role === 'ding')!,
    CACHE_DIR,
  ).path,
);
const strategies: SynonymStrategy[] = ['single', 'first', 'cross'];
let baseline = new Set<string>();
for (const strategy of strategies) {
  const pairs: Pair[] = SPLIT_NAMES.flatMap((name) => buildCorpus(text, { strategy }).splits[name]);
  const targetsBySource = new Map<string, number>();
  for (const { de } of pairs) targetsBySource.set(de, (targetsBySource.get(de) ?? 0) + 1);
  const perSource = pairs.length / targetsBySource.size;
  console.log(
    `${strategy}: ${pairs.length} pairs, ${targetsBySource.size} sources, ${perSource.toFixed(2)} targets per source`,
  );
  const added = strategy === 'single' ? pairs : pairs.filter((pair) => !baseline.has(pairKey(pair)));
  const rng = createRng(2024);
  for (let i = 0; i < sampleSize && added.length > 0; i++) {
    const { de, en } = rng.pick(added);
    console.log(`  ${de} :: ${en}`);
  }
  if (strategy === 'single') baseline = new Set(pairs.map(pairKey));
}
