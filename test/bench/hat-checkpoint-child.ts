import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { largestConfig, smallestConfig } from '../../src/core/config';
import { fileSource } from '../../src/cli/hat-checkpoint';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { fairseqBatchIndices, packFairseqBatch } from '../../src/fairseq/batches';
import { loadFairseqValidSet } from '../../src/fairseq/data-files';
import { HatAccuracyModel } from '../../src/fairseq/hat-accuracy-model';
import { openHatCheckpoint, readHatTensors } from '../../src/fairseq/hat-checkpoint';
import type { ByteSource } from '../../src/torch/byte-source';
import { time } from './harness';
import { SPACE0 } from './hat-synthetic';
import { measureMatmulGflops } from './matmul.bench';
import { validationFlops } from '../../src/supertransformer/validation-flops';

/**
 * One measurement in a fresh process (so its peak RSS is the load's own): `read` reads every model tensor of the
 * synthetic space0 checkpoint into float32 arrays; `load` builds the SuperTransformer on WASM and validates HAT-WMT's
 * largest and smallest SubTransformers on the 64 synthetic sentences. Prints one JSON line.
 */
const [mode, dir] = process.argv.slice(2) as ['read' | 'load', string];
const counted = async (path: string): Promise<ByteSource & { bytesRead: number }> => {
  const inner = await fileSource(path);
  const source = {
    size: inner.size,
    bytesRead: 0,
    read: (offset: number, length: number) => ((source.bytesRead += length), inner.read(offset, length)),
  };
  return source;
};
const result: Record<string, unknown> = {};
if (mode === 'load') {
  result['matmulGflops'] = await measureMatmulGflops('wasm', 512);
  await selectNodeBackend('wasm');
}
const rssBefore = process.memoryUsage().rss;
const source = await counted(join(dir, 'space0.pt'));
const t0 = performance.now();
if (mode === 'read') {
  const opened = await openHatCheckpoint(source);
  const arrays: Float32Array[] = [];
  for await (const [, value] of readHatTensors(opened)) arrays.push(value.data);
  result['float32Bytes'] = opened.info.float32Bytes;
  result['modelBytes'] = opened.info.modelBytes;
  result['tensors'] = arrays.length;
} else {
  const names = [
    'dict.en.txt',
    'dict.de.txt',
    ...['en', 'de'].flatMap((l) => [`valid.en-de.${l}.bin`, `valid.en-de.${l}.idx`]),
  ];
  const files = await Promise.all(names.map(async (name) => ({ name, source: await fileSource(join(dir, name)) })));
  const data = await loadFairseqValidSet(files, { source: 'en', target: 'de' });
  const model = await HatAccuracyModel.load(source, data);
  result['loadMs'] = performance.now() - t0;
  // Peak before validation: the load's own (validation's activations come on top, per batch).
  result['peakRssDelta'] = process.resourceUsage().maxRSS * 1024 - rssBefore;
  result['modelBytes'] = model.info.modelBytes;
  result['float32Bytes'] = model.info.float32Bytes;
  const batches = fairseqBatchIndices(
    data.sources.map((s) => s.length),
    data.targets.map((t) => t.length),
    { maxTokens: 4096 },
  ).map((b) => packFairseqBatch(b, data.sources, data.targets));
  for (const [name, config] of [
    ['largest', largestConfig(SPACE0)],
    ['smallest', smallestConfig(SPACE0)],
  ] as const) {
    const timing = await time(name, () => model.validate(config), 3000, 2);
    const flops = validationFlops(config, batches, model.info.dims.qkvDim, model.info.dims.vocabSize);
    result[name] = { ms: timing.medianMs, gflops: flops / 1e9, rate: flops / (timing.medianMs / 1000) / 1e9 };
  }
  result['batches'] = batches.length;
  model.dispose();
}
result['ms'] ??= performance.now() - t0;
result['bytesRead'] = source.bytesRead;
result['fileBytes'] = source.size;
result['peakRssDelta'] ??= process.resourceUsage().maxRSS * 1024 - rssBefore;
console.log(JSON.stringify(result));
