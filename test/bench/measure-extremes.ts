import { largestConfig, smallestConfig } from '../../src/core/config';
import { defaultMeasureSettings } from '../../src/core/latency/measure-plan';
import { builtinSpace, type SearchSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { LatencyMeasurer } from '../../src/device-latency/measure';

/**
 * `npx tsx test/bench/measure-extremes.ts [space] [latiter] [dryRuns]`: HAT's protocol on the largest and smallest config of a
 * space, in Node on WASM (one thread), at the space's default settings; one JSON line per config. Each config is
 * built as a standalone deployed model first (untimed, counted in wallS).
 */
const space = builtinSpace(process.argv[2] ?? 'hat-wmt-latency') as SearchSpace;
const defaults = defaultMeasureSettings(space);
const settings = {
  ...defaults,
  latIter: Number(process.argv[3] ?? defaults.latIter),
  dryRuns: Number(process.argv[4] ?? defaults.dryRuns),
};
await selectNodeBackend('wasm');
const measurer = new LatencyMeasurer(space, settings, 1);
console.log(JSON.stringify({ space: space.name, settings }));
for (const [name, config] of [
  ['smallest', smallestConfig(space)],
  ['largest', largestConfig(space)],
] as const) {
  const t0 = performance.now();
  const { encoder, decoder } = await measurer.measure(config);
  const round = (x: number): number => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      config: name,
      encoderMs: round(encoder.meanMs),
      encoderStdMs: round(encoder.stdMs),
      decoderMs: round(decoder.meanMs),
      decoderStdMs: round(decoder.stdMs),
      wallS: Math.round((performance.now() - t0) / 1000),
    }),
  );
}
measurer.dispose();
