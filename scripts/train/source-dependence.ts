/**
 * `npx tsx scripts/train/source-dependence.ts [model dir]`: does a SuperTransformer (default: the shipped one) use the
 * source sentence? Compares the largest SubTransformer's validation loss on 512 valid pairs with the same targets
 * paired to other pairs' sources, and how much each encoder layer's output differs between positions. A translation
 * model scores the mismatched pairs far worse; equal losses and identical positions mean the decoder is a
 * target-side language model and the encoder's output carries no information (rank collapse). Per layer it also
 * gives each sublayer's output as its root mean square against its standard deviation across positions: a sublayer
 * whose output is one large vector at every position drowns the tokens once the layer norm rescales the sum.
 */
import { readFileSync } from 'node:fs';
import { largestConfig } from '../../src/core/config';
import { builtinSpace } from '../../src/core/space';
import { selectNodeBackend } from '../../src/cli/tf-node';
import { DEFAULT_MODEL_DIR, readShippedAssets } from '../../src/cli/validate';
import { scaleConfig } from '../../src/supertransformer/dims';
import { accuracyModelFromAssets } from '../../src/supertransformer/validation-service';
import { withOtherSources } from '../../src/data/mismatch';
import { formatTsv, parseTsv } from '../../src/data/tsv';
import { probeSource, rootMeanSquare, stdAcrossPositions } from './encoder-spread';

await selectNodeBackend('wasm');
const assets = await readShippedAssets(process.argv[2] ?? DEFAULT_MODEL_DIR);
const pairs = parseTsv(readFileSync('public/data/valid.de-en.tsv', 'utf8')).slice(0, 512);
const config = largestConfig(builtinSpace('hat-wmt')!);
const losses: Record<string, number> = {};
for (const [name, rows] of [
  ['matched', pairs],
  ['mismatchedSources', withOtherSources(pairs, 'de')],
] as const) {
  const { model } = accuracyModelFromAssets({ ...assets, validTsv: formatTsv(rows) });
  losses[name] = (await model.validate(config)).validLoss;
  if (name === 'matched') {
    const sublayers: Array<Record<string, number>> = [];
    const encoded = model.model.encode(scaleConfig(config, model.meta.widthScale), probeSource(model.tokenizer), {
      inspectEncoder: (layer, { selfAttention, ffn }) => {
        sublayers[layer] = {
          selfAttentionRms: round(rootMeanSquare(selfAttention)),
          selfAttentionStd: round(stdAcrossPositions(selfAttention)),
          ffnRms: round(rootMeanSquare(ffn)),
          ffnStd: round(stdAcrossPositions(ffn)),
        };
      },
    });
    const perLayer = encoded.layerOutputs.map((output) => round(stdAcrossPositions(output.squeeze([0]))));
    console.log(JSON.stringify({ encoderStdAcrossPositionsPerLayer: perLayer }));
    sublayers.forEach((stats, layer) => console.log(JSON.stringify({ encoderLayer: layer + 1, ...stats })));
  }
  model.dispose();
}
console.log(JSON.stringify(losses));
process.exit(0);

function round(x: number): number {
  return Number(x.toFixed(4));
}
