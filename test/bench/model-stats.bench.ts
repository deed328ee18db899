import { sampleConfig } from '../../src/core/gene';
import { configFeatures } from '../../src/core/features';
import { modelStats } from '../../src/core/model-stats';
import { createRng } from '../../src/core/rng';
import { BUILTIN_SPACES } from '../../src/core/space';
import { printTable, time } from './harness';

/** How many configs per second the search can sample, count and featurise: the search's non-model overhead. */
export async function benchModelStats(): Promise<void> {
  const space = BUILTIN_SPACES['hat-wmt-latency']!;
  const configs = Array.from({ length: 10_000 }, (_, i) => sampleConfig(space, createRng(i)));
  const rng = createRng(1);
  const sample = await time('sample', () => {
    for (let i = 0; i < 10_000; i++) sampleConfig(space, rng);
  });
  const stats = await time('stats', () => configs.forEach((c) => modelStats(c, space)));
  const features = await time('features', () => configs.forEach((c) => configFeatures(c)));
  const perSecond = (ms: number): string => Math.round(10_000 / (ms / 1000)).toLocaleString('en-US');
  printTable('Core per-config costs (10,000 configs)', [
    { step: 'sample a config', 'configs/s': perSecond(sample.medianMs) },
    { step: 'params + FLOPs', 'configs/s': perSecond(stats.medianMs) },
    { step: 'ten features', 'configs/s': perSecond(features.medianMs) },
  ]);
}
