import { DEFAULT_SPLIT_SEED } from './split';

/**
 * HAT's latency datasets that ship with the app (public/hat-latency/, MIT, from HAT's repository), each with the
 * predictor `npm run hat-predictors` trains on it (public/hat-latency/predictors/). Order: the order the app offers
 * them in. `sha256` is the dataset's canonical hash (hash.ts), which also names its profile.
 */
export const HAT_BUILTIN_DATASETS = [
  {
    fileName: 'wmt14ende_cpu_raspberrypi_all.csv',
    sha256: '66c1f229911e8528def0f5e3719c32fd3e7b2bb71038d9d0abc642d2bc905dff',
  },
  {
    fileName: 'wmt14ende_cpu_xeon_all.csv',
    sha256: 'f5e46bbb9c3172252e83b64eab248f26bbf6bfa99ad69f11c8e359cb6391490b',
  },
  {
    fileName: 'wmt14ende_gpu_titanxp_all.csv',
    sha256: '19a2c03f380b1a44a93dc2402051606cf350122a0b0c78080243c38ec61c9d7a',
  },
  {
    fileName: 'wmt19ende_gpu_titanxp_all.csv',
    sha256: '1250bd970fb63afc98fbaeb81024d7949f0929f8ce4b742b7a1f4bad6d1757fb',
  },
  {
    fileName: 'iwslt14deen_gpu_titanxp_all.csv',
    sha256: '00e956eb5817347d651cae8f7f0326501cf9196c0f983273413191ba8788266e',
  },
] as const;

export type HatBuiltinDataset = (typeof HAT_BUILTIN_DATASETS)[number];

/** The split (and weight-initialisation) seed of the shipped predictors: the app's and the CLI's default. */
export const HAT_PREDICTOR_SEED = DEFAULT_SPLIT_SEED;

/** Folder of the datasets under the app's base URL (and under public/ in the repository). */
export const HAT_LATENCY_FOLDER = 'hat-latency';

/** "wmt14ende_cpu_raspberrypi_all.csv" → "predictors/wmt14ende_cpu_raspberrypi.predictor.json", in that folder. */
export const hatPredictorPath = (datasetFileName: string): string =>
  `predictors/${datasetFileName.replace(/(_all)?\.csv$/, '')}.predictor.json`;

/** The profile id the app gives a dataset (profiles-store.ts): the same whether shipped or dropped. */
export const profileIdForSha256 = (sha256: string): string => `profile-${sha256.slice(0, 16)}`;
