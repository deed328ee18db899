/**
 * Every tunable number of the corpus build, in one place. Changing any of them changes the shipped data, so
 * `npm run data` must be re-run and the new manifest committed.
 */
import type { SynonymStrategy } from './pairs';

/**
 * Pair the FIRST synonyms of each aligned part. Measured on trans-de-en 1.9-6 with scripts/data/synonyms.ts (pairs
 * after all filters and deduplication): 'single' keeps 220k pairs at 1.09 targets per German source, 'first' 387k
 * at 1.18, 'cross' 885k at 2.00. In fixed random samples of 50 (plus 40 from an earlier draft), the pairs 'first'
 * adds over 'single' were as clean as those of 'single' itself, because Ding lists the most common word first
 * (`Seefahrer :: seafarers`, `Handpuppe :: hand puppet`); the pairs 'cross' adds often join a looser or different
 * sense (`Gerät :: widget`, `Kitsch :: corn`, `Süße :: honey`) and double the targets per source, which a small
 * model can only average over.
 */
export const SYNONYM_STRATEGY: SynonymStrategy = 'first';

/** Longest side kept, in UTF-16 code units: only 8 parts (long legal and biblical quotations) are longer. */
export const MAX_SIDE_CHARS = 200;

/**
 * Largest allowed length ratio, computed as (longer + LENGTH_RATIO_SLACK_CHARS) / (shorter + slack): the slack lets
 * short legitimate pairs through (`Kfz :: motor vehicle`) while rejecting a sentence paired with a single word.
 */
export const MAX_LENGTH_RATIO = 3;
export const LENGTH_RATIO_SLACK_CHARS = 8;

/** A character seen fewer times than this in the whole cleaned corpus drops its pairs (Greek letters, ¥, ½ …). */
export const MIN_CHAR_COUNT = 20;

/**
 * Split by hash of the normalised German side into 1000 buckets: buckets [0, VALID) → valid, [VALID, VALID + TEST)
 * → test, the rest → train. 25 + 25 per mille of the ~97k software pairs gives ~2.4k pairs each: enough for a
 * corpus BLEU (IWSLT'14's test set is 6.7k) while a beam-5 pass over the test split stays minutes on one CPU thread.
 */
export const SPLIT_BUCKETS = 1000;
export const VALID_BUCKETS = 25;
export const TEST_BUCKETS = 25;

/** Longest side kept from the help and the catalogs, in UTF-16 code units (a long help paragraph is ~60 words). */
export const SOFTWARE_MAX_SIDE_CHARS = 300;

/**
 * Ding's share of the mix. Its example sentences (both sides at least this many words, the German ending in
 * `.`, `!` or `?`: ~19k) are all kept, for everyday German; of its other entries (words and phrases, ~350k) only
 * this many per mille, sampled by hash (~10k), so that the dictionary does not dominate the software domain.
 */
export const DING_SENTENCE_MIN_WORDS = 4;
export const DING_DICTIONARY_PER_MILLE = 28;

/**
 * Size of public/data/valid-search.de-en.tsv, the fixed validation subset the evolutionary search scores every
 * SubTransformer on. It is a prefix of the valid split in its hashed order, so a smaller size gives a subset of the
 * larger one. Issue 3 asks for one validation of the largest SubTransformer in about half a second on WASM on a
 * 2-core machine. `npx tsx test/bench/valid-subset.bench.ts` (1/4-width model, one WASM thread, the other core
 * training): 64 pairs (443 target tokens) take 604 ms and rank 16 random configs like 1024 other valid pairs do
 * (Spearman 0.953), as well as 128 pairs (1017 ms, 0.950); 32 pairs take 353 ms but rank worse (0.918).
 */
export const VALID_SEARCH_SIZE = 64;

/**
 * Joint BPE vocabulary size, including the 4 special tokens and the 119-character alphabet. Measured on the software
 * corpus's train split (English BPE tokens per sentence) and with `scripts/train/screen.ts` (seconds per 1024-token
 * sandwich update at width 1/4, one WASM thread, a loaded machine): 4000 → 12.74 tokens, 8.2 s, 10.2 MB of float16
 * weights; 8000 → 11.22, 10.2 s, 11.5 MB; 16000 → 10.16, 28 s, 14.1 MB. 8000 keeps software terms whole at about
 * 10 % more time per sentence than 4000; 16000 sits at the 15 MB cap. `VOCAB_SIZE=N npm run data -- --out DIR`
 * builds another size for such screens.
 */
export const VOCAB_SIZE = Number(process.env.VOCAB_SIZE ?? 8000);
