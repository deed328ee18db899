/**
 * `npm run hat-predictors`: trains the predictors of HAT's built-in latency profiles and writes them to
 * public/hat-latency/predictors/ (the app loads them on a click, so the search is ready at once).
 * `npm run hat-predictors -- --check`: retrains and compares with the shipped files instead, exit status 1 on any
 * difference. Either way one line per dataset on stdout.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { HAT_BUILTIN_DATASETS } from '../../src/core/latency/hat-datasets';
import { predictorToJson } from '../../src/core/latency/json';
import { predictorDifferences, readShippedPredictor, shippedPredictorUrl, trainShippedPredictor } from './shipped';

const check = process.argv.includes('--check');
let failed = false;
for (const { fileName } of HAT_BUILTIN_DATASETS) {
  const predictor = await trainShippedPredictor(fileName);
  const { metrics, trainingMs, device } = predictor.provenance;
  const summary = `${fileName} (${device}): test MAPE ${(metrics.test.mape * 100).toFixed(2)} %, ${trainingMs} ms`;
  if (check) {
    const differences = predictorDifferences(await readShippedPredictor(fileName), predictor);
    failed ||= differences.length > 0;
    console.log(
      `${summary}: ${differences.length === 0 ? 'matches the shipped file' : `DIFFERS in ${differences.join(', ')}`}`,
    );
  } else {
    const url = shippedPredictorUrl(fileName);
    await mkdir(new URL('.', url), { recursive: true });
    await writeFile(url, `${predictorToJson(predictor)}\n`);
    console.log(`${summary} → ${url.pathname}`);
  }
}
process.exitCode = failed ? 1 : 0;
