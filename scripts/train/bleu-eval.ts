/**
 * Translations of a list of pairs by one (width-scaled) SubTransformer, and their corpus BLEU (sacreBLEU-compatible,
 * 13a): greedy decoding batched by source length (cheap, for learning curves), or beam search sentence by sentence
 * (the card's figure, as fairseq's generate with --beam 5).
 */
import * as tf from '@tensorflow/tfjs';
import type { SubTransformerConfig } from '../../src/core/config';
import { corpusBleu } from '../../src/core/bleu';
import { EOS_ID, type BpeTokenizer } from '../../src/data/bpe';
import type { Pair } from '../../src/data/pairs';
import { MAX_TRANSLATION_TOKENS } from '../../src/supertransformer/accuracy-model';
import { pack } from '../../src/supertransformer/batching';
import { beamSearch, greedyDecode } from '../../src/supertransformer/decoding';
import type { SuperTransformer } from '../../src/supertransformer/super-transformer';

export interface BleuRun {
  bleu: number;
  hypotheses: string[];
  seconds: number;
}

/** `realised` is the already width-scaled config. beam 1 decodes greedily in batches of up to 64 sentences. */
export async function translateAndScore(
  model: SuperTransformer,
  tokenizer: BpeTokenizer,
  realised: SubTransformerConfig,
  pairs: readonly Pair[],
  beam: number,
): Promise<BleuRun> {
  const started = performance.now();
  const sources = pairs.map(({ de }) => tokenizer.encode(de).slice(0, MAX_TRANSLATION_TOKENS - 1));
  const hypotheses = new Array<string>(pairs.length);
  if (beam <= 1) {
    const order = sources.map((ids, index) => ({ ids, index })).sort((a, b) => a.ids.length - b.ids.length);
    for (let start = 0; start < order.length; start += 64) {
      const chunk = order.slice(start, start + 64);
      const packed = pack(chunk.map((c) => ({ source: c.ids, target: [] })));
      const source = tf.tensor2d(packed.source, [packed.size, packed.sourceLength], 'int32');
      const maxSteps = Math.min(MAX_TRANSLATION_TOKENS, 2 * packed.sourceLength + 10);
      const outputs = await greedyDecode(model, realised, source, maxSteps);
      source.dispose();
      chunk.forEach((c, i) => (hypotheses[c.index] = tokenizer.decode(outputs[i]!)));
    }
  } else {
    for (const [i, ids] of sources.entries()) {
      const source = tf.tensor2d([[...ids, EOS_ID]], [1, ids.length + 1], 'int32');
      const maxSteps = Math.min(MAX_TRANSLATION_TOKENS, 2 * ids.length + 10);
      hypotheses[i] = tokenizer.decode((await beamSearch(model, realised, source, { beam, maxSteps })).tokens);
      source.dispose();
    }
  }
  const bleu = corpusBleu(hypotheses, [pairs.map((p) => p.en)]).score;
  return { bleu, hypotheses, seconds: (performance.now() - started) / 1000 };
}
